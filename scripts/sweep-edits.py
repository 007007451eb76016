#!/usr/bin/env python3
"""Random one-schema edits, each run through the cache and compared with a cold run.

What the patch of an edit inside one component schema
(generator/src/patch/structure.rs) must never do is change the output. This
applies random edits to a copy of a YAML or JSON spec, one after the other: a property
added (a string, an int64, a date-time, a constrained string, one with a
description, a `$ref` to a random schema, an inline object), the first
property removed, the first property made required. After each, our xtask
(release build) runs into one folder through a cache, as `cargo xtask codegen`
does, and into another with no cache; the two folders and the messages must be
the same. Prints how many edits were tried, how many were patched, and every
difference (the spec that gave it is kept beside this script's scratch).

Usage: scripts/sweep-edits.py SPEC [EDITS] [SEED]   (default 40 edits, seed 1)
Builds xtask in release first. YAML specs whose schemas sit at four spaces,
their properties at six (most), work as they are; a JSON spec is read and
written again with two spaces.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec_src = sys.argv[1]
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 40
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
random.seed(seed)
subprocess.run(["cargo", "build", "--release", "-q", "-p", "xtask"], cwd=root, check=True)
xtask = os.path.join(root, "target", "release", "xtask")
scratch = tempfile.mkdtemp(prefix="sweep-edits-")
spec = os.path.join(scratch, "spec" + os.path.splitext(spec_src)[1])
shutil.copy(spec_src, spec)


def run(out, cache):
    env = dict(os.environ, CODEGEN_CACHE=cache)
    r = subprocess.run([xtask, "codegen", "--timings", "--spec", spec, "--out", out, "--crate-name", "x"], env=env, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def messages(log):
    # The summary and timing lines differ by design.
    return "\n".join(line for line in log.split("\n") if not line.startswith("codegen"))


code, log = run(os.path.join(scratch, "out"), os.path.join(scratch, "cache"))
if code != 0:
    sys.exit("the spec does not generate:\n" + log[-2000:])
text = open(spec).read()
is_json = text.lstrip().startswith("{")
if is_json:
    import json
    keys = list(json.loads(text)["components"]["schemas"])
lines = [] if is_json else text.split("\n")
components = 0 if is_json else lines.index("components:")
schemas = 0 if is_json else next(i for i in range(components + 1, len(lines)) if lines[i].strip() == "schemas:")
indent = 0 if is_json else len(lines[schemas]) - len(lines[schemas].lstrip())
keys = keys if is_json else []
for line in [] if is_json else lines[schemas + 1:]:
    if not line.strip() or line.strip().startswith("#"):
        continue
    n = len(line) - len(line.lstrip())
    if n <= indent:
        break
    if n == indent + 2:
        keys.append(line.strip().rstrip(":"))

KINDS = ["string", "int64", "ref", "date", "desc", "maxlen", "inline", "delete", "required"]


def edit(text, kind, key, i):
    """The text with `kind` done to schema `key`, or None when it does not apply."""
    lines = text.split("\n")
    try:
        start = lines.index(" " * (indent + 2) + key + ":")
    except ValueError:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent + 2):
        end += 1
    body = lines[start:end]
    at = " " * (indent + 4)
    try:
        p = body.index(at + "properties:")
    except ValueError:
        return None
    pad, pad2 = " " * (indent + 6), " " * (indent + 8)
    name = f"zz_added_{i}"
    added = {
        "string": [pad + name + ":", pad2 + "type: string"],
        "int64": [pad + name + ":", pad2 + "type: integer", pad2 + "format: int64"],
        "ref": [pad + name + ":", pad2 + f"$ref: '#/components/schemas/{random.choice(keys)}'"],
        "date": [pad + name + ":", pad2 + "type: string", pad2 + "format: date-time"],
        "desc": [pad + name + ":", pad2 + "description: An added one.", pad2 + "type: string"],
        "maxlen": [pad + name + ":", pad2 + "type: string", pad2 + "maxLength: 10"],
        "inline": [pad + name + ":", pad2 + "type: object", pad2 + "properties:", pad2 + "  x:", pad2 + "    type: string"],
    }.get(kind)
    first = p + 1
    has_first = first < len(body) and body[first].startswith(pad) and not body[first].startswith(pad + " ")
    if kind == "delete":
        if not has_first:
            return None
        after = first + 1
        while after < len(body) and (not body[after].strip() or body[after].startswith(pad + " ")):
            after += 1
        body = body[:first] + body[after:]
    elif kind == "required":
        if not has_first or any(l.startswith(at + "required:") and l != at + "required:" for l in body):
            return None
        prop = body[first].strip().rstrip(":")
        if at + "required:" in body:
            r = body.index(at + "required:")
            if any(l.strip() == "- " + prop for l in body[r + 1:]):
                return None
            body = body[: r + 1] + [at + "- " + prop] + body[r + 1:]
        else:
            body = body + [at + "required:", at + "- " + prop]
    else:
        body = body[: p + 1] + added + body[p + 1:]
    return "\n".join(lines[:start] + body + lines[end:])


def edit_json(text, kind, key, i):
    """`edit` for a JSON spec: the document read, edited and written again
    with two spaces (the first edit of a spec written otherwise rewrites
    it all)."""
    import json
    doc = json.loads(text)
    schema = doc["components"]["schemas"].get(key)
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict) or not schema["properties"]:
        return None
    props = schema["properties"]
    name = f"zz_added_{i}"
    added = {
        "string": {"type": "string"},
        "int64": {"type": "integer", "format": "int64"},
        "ref": {"$ref": f"#/components/schemas/{random.choice(keys)}"},
        "date": {"type": "string", "format": "date-time"},
        "desc": {"description": "An added one.", "type": "string"},
        "maxlen": {"type": "string", "maxLength": 10},
        "inline": {"type": "object", "properties": {"x": {"type": "string"}}},
    }.get(kind)
    first = next(iter(props))
    if kind == "delete":
        del props[first]
    elif kind == "required":
        required = schema.setdefault("required", [])
        if first in required:
            return None
        required.append(first)
    else:
        schema["properties"] = {name: added, **props}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


tried = patched = differ = 0
for i in range(edits):
    kind, key = random.choice(KINDS), random.choice(keys)
    edited = (edit_json if is_json else edit)(text, kind, key, i)
    if edited is None:
        continue
    tried += 1
    text = edited
    open(spec, "w").write(text)
    code, log = run(os.path.join(scratch, "out"), os.path.join(scratch, "cache"))
    patched += "patched" in log
    cold, cold_cache = os.path.join(scratch, "cold"), os.path.join(scratch, "cold-cache")
    shutil.rmtree(cold, ignore_errors=True)
    shutil.rmtree(cold_cache, ignore_errors=True)
    cold_code, cold_log = run(cold, cold_cache)
    same_files = subprocess.run(["diff", "-rq", os.path.join(scratch, "out"), cold], capture_output=True).returncode == 0
    if code != cold_code or messages(log) != messages(cold_log) or (code == 0 and not same_files):
        differ += 1
        kept = os.path.join(scratch, f"differs-{i}" + os.path.splitext(spec)[1])
        shutil.copy(spec, kept)
        print(f"DIFFERS after edit {i} ({kind} of {key}); the spec: {kept}")
        subprocess.run(f"diff -r {scratch}/out {cold} | head -30", shell=True)
        # Go on from the cold run.
        for d, src in [("out", cold), ("cache", cold_cache)]:
            shutil.rmtree(os.path.join(scratch, d), ignore_errors=True)
            if os.path.exists(src):
                shutil.copytree(src, os.path.join(scratch, d))
print(f"{os.path.basename(spec_src)}: {tried} edits, {patched} patched, {differ} differ from the cold run")
if differ == 0:
    shutil.rmtree(scratch)
sys.exit(1 if differ else 0)
