#!/usr/bin/env bash
# Peak memory and time of `cargo check --features server` on generated
# crates of growing size: does the server's compile cost grow linearly with
# the operation count?
#
# For each size N a synthetic spec of N operations is written (every
# operation with a path parameter, query parameters with constraints, a
# header, a JSON body on every other one, three responses, an API key), the
# crate generated from it with our xtask (release), and checked with the
# `server` feature once its dependencies are built; `/usr/bin/time -v`
# gives the peak resident memory of the largest process (rustc) and the
# wall time. A check past LIMIT_MB (default 8000) of resident memory is
# stopped, and its size reported as over the limit.
#
# Usage: scripts/server-memory.sh [N ...]   (default 100 200 400)
# Set CLIPPY=1 to run `cargo clippy --all-features` instead (what the
# hygiene test runs).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(100 200 400); fi
limit_mb="${LIMIT_MB:-8000}"
work="$root/target/server-memory"
mkdir -p "$work"

cargo build --release -q -p xtask --manifest-path "$root/Cargo.toml"
xtask="$root/target/release/xtask"
export CARGO_TARGET_DIR="$work/target"

spec() {
    python3 - "$1" <<'PY'
import json, sys
n = int(sys.argv[1])
schemas = {
    "Error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}, "code": {"type": "integer"}}},
}
for k in range(20):
    schemas[f"Thing{k}"] = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string", "maxLength": 64},
            "count": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}},
            "kind": {"type": "string", "enum": ["a", "b", "c"]},
            "created": {"type": "string", "format": "date-time"},
        },
    }
paths = {}
for i in range(n):
    thing = {"$ref": f"#/components/schemas/Thing{i % 20}"}
    error = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    op = {
        "operationId": f"operation_{i}",
        "tags": ["things"],
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
            {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": thing}}}, "404": error, "default": error},
    }
    method = "get"
    if i % 2 == 1:
        method = "post"
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": thing}}}
    paths[f"/things{i}/{{id}}"] = {method: op}
doc = {
    "openapi": "3.0.3",
    "info": {"title": "Synthetic", "version": "1"},
    "servers": [{"url": "https://example.com"}],
    "security": [{"key": []}],
    "tags": [{"name": "things"}],
    "paths": paths,
    "components": {"schemas": schemas, "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
}
json.dump(doc, sys.stdout, indent=1)
PY
}

# Runs "$@" in its own process group, stopping it when the group's resident
# memory passes the limit; prints "over" then.
guarded() {
    setsid "$@" &
    local pid=$! over=""
    while kill -0 "$pid" 2>/dev/null; do
        local kb
        kb=$(ps -o rss= -g "$pid" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
        if [ "$kb" -gt $((limit_mb * 1024)) ]; then
            kill -- -"$pid" 2>/dev/null || true
            over=1
        fi
        sleep 0.5
    done
    wait "$pid" || true
    if [ -n "$over" ]; then echo over >>"$work/over"; fi
}

check_args=(check --quiet --features server)
if [ -n "${CLIPPY:-}" ]; then check_args=(clippy --quiet --all-targets --all-features); fi

printf '%8s %12s %10s\n' "ops" "peak (MB)" "time (s)"
for n in "${sizes[@]}"; do
    crate="$work/ops$n"
    rm -rf "$crate" "$work/over"
    mkdir -p "$crate"
    spec "$n" >"$work/ops$n.json"
    "$xtask" codegen --spec "$work/ops$n.json" --out "$crate/synthetic" --crate-name synthetic >/dev/null
    printf '[workspace]\nresolver = "2"\nmembers = ["synthetic"]\n' >"$crate/Cargo.toml"
    cp "$root/Cargo.lock" "$crate/Cargo.lock"
    # The dependencies first (the crate emptied meanwhile), so that only
    # the generated crate is measured.
    mv "$crate/synthetic/src/lib.rs" "$crate/lib.rs"
    echo >"$crate/synthetic/src/lib.rs"
    cargo "${check_args[@]}" --offline --manifest-path "$crate/Cargo.toml" -p synthetic >/dev/null 2>&1 || true
    mv "$crate/lib.rs" "$crate/synthetic/src/lib.rs"
    touch "$crate/synthetic/src/lib.rs"
    guarded /usr/bin/time -v -o "$work/time$n.txt" cargo "${check_args[@]}" --offline --manifest-path "$crate/Cargo.toml" -p synthetic
    peak=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$work/time$n.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time$n.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    if [ -f "$work/over" ]; then peak=">$limit_mb"; fi
    printf '%8s %12s %10s\n' "$n" "$peak" "$wall"
done
