#!/usr/bin/env bash
# Generation time, ours against ploidy 0.15's, side by side in one run.
#
# For each real spec (Datadog v1 and Discord from tests/real-specs/), each
# generator writes the crate into an empty folder (cold: no output, no
# cache: an empty cache folder, which the run fills), five times; the median wall time of each is printed, and their
# ratio (the goal: ours at most 0.5x ploidy's). Ours is our xtask built in
# release; with TIMINGS=1 each of our runs also prints its phases.
#
# Then, ours alone on Datadog v1, what the cache (target/codegen-cache/,
# here a scratch folder) is for: a cold run, a run after a one-schema edit
# of each kind (a schema's description changes; a property is added to
# it: both are patched into the cached run), and `--check` on an
# unchanged spec; the
# median of each, and its share of the cold run (the goal: at most 10%).
#
# Usage: scripts/compare-ploidy.sh [RUNS]   (default 5)
# Installs ploidy 0.15.0 with `cargo install` when `ploidy` is not on PATH.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
specs=("tests/real-specs/datadog-v1.yaml" "tests/real-specs/discord.json")

if ! command -v ploidy >/dev/null 2>&1 || ! ploidy --version 2>/dev/null | grep -q "0\.15\."; then
    echo "installing ploidy 0.15.0 (cargo install)..." >&2
    cargo install ploidy --version 0.15.0 --locked >&2
fi
cargo build --release -q -p xtask --manifest-path "$root/Cargo.toml"
ours="$root/target/release/xtask"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Prints the wall time of "$@" in milliseconds; the command's output is
# kept in $scratch/last.log (shown when it fails).
time_ms() {
    local start end
    start=$(date +%s%N)
    if ! "$@" >"$scratch/last.log" 2>&1; then
        echo "failed: $*" >&2
        tail -20 "$scratch/last.log" >&2
        return 1
    fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

median() {
    sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

printf '%-34s %12s %12s %8s\n' "spec (median of $runs, cold)" "ours (ms)" "ploidy (ms)" "ratio"
for spec in "${specs[@]}"; do
    name="$(basename "$spec")"
    name="${name%.*}"
    crate="${name//-/_}"
    : >"$scratch/ours.txt"
    : >"$scratch/ploidy.txt"
    for _ in $(seq "$runs"); do
        # Alternate the two so that a busy machine slows both alike.
        rm -rf "$scratch/out" "$scratch/cache"
        CODEGEN_CACHE="$scratch/cache" time_ms "$ours" codegen ${TIMINGS:+--timings} --spec "$root/$spec" --out "$scratch/out" --crate-name "$crate" >>"$scratch/ours.txt"
        if [ -n "${TIMINGS:-}" ]; then grep 'codegen timings' "$scratch/last.log" >&2 || true; fi
        rm -rf "$scratch/out"
        time_ms ploidy generate rust "$root/$spec" -o "$scratch/out" >>"$scratch/ploidy.txt" || echo "-" >>"$scratch/ploidy.txt"
    done
    o=$(median <"$scratch/ours.txt")
    p=$(grep -v -- - "$scratch/ploidy.txt" | median || true)
    ratio=$(awk -v o="$o" -v p="$p" 'BEGIN { if (p > 0) printf "%.2fx", o / p; else print "n/a" }')
    printf '%-34s %12s %12s %8s\n' "$name" "$o" "${p:-failed}" "$ratio"
done

# Incremental: ours on a copy of Datadog v1 (so the edits stay in scratch).
spec="$scratch/datadog-v1.yaml"
cp "$root/tests/real-specs/datadog-v1.yaml" "$spec"
line="      description: Returns the AWS account associated with this integration."
grep -qxF "$line" "$spec" || { echo "the schema edited is not in the spec any more" >&2; exit 1; }
export CODEGEN_CACHE="$scratch/cache"
run() { time_ms "$ours" codegen ${TIMINGS:+--timings} --spec "$spec" --out "$scratch/out" --crate-name datadog_v1 "$@"; }
: >"$scratch/cold.txt"
: >"$scratch/edit.txt"
: >"$scratch/property.txt"
: >"$scratch/check.txt"
for i in $(seq "$runs"); do
    rm -rf "$scratch/out" "$scratch/cache"
    run >>"$scratch/cold.txt"
    # One schema's description changes (a different text each time).
    sed -i "s/^      description: Returns the AWS account associated with this integration\..*/$line Edit $i./" "$spec"
    run >>"$scratch/edit.txt"
    if [ -n "${TIMINGS:-}" ]; then grep 'codegen timings' "$scratch/last.log" >&2 || true; fi
    grep -q "1 files written" "$scratch/last.log" || { echo "the edit did not rewrite one file:" >&2; cat "$scratch/last.log" >&2; exit 1; }
    # A property added to the same schema (another each time; the first
    # schema with this property only).
    sed -i "0,/^        access_key_id:\$/s//        added_$i:\n          type: string\n        access_key_id:/" "$spec"
    run >>"$scratch/property.txt"
    if [ -n "${TIMINGS:-}" ]; then grep 'codegen timings' "$scratch/last.log" >&2 || true; fi
    grep -q "1 files written" "$scratch/last.log" || { echo "the property did not rewrite one file:" >&2; cat "$scratch/last.log" >&2; exit 1; }
    run --check >>"$scratch/check.txt"
done
cold=$(median <"$scratch/cold.txt")
printf '\n%-34s %12s %12s\n' "datadog-v1, ours (median of $runs)" "ms" "of cold"
for what in cold edit property check; do
    m=$(median <"$scratch/$what.txt")
    label=$(case $what in cold) echo "cold (empty output and cache)" ;; edit) echo "after a description edit" ;; property) echo "after a property is added" ;; check) echo "--check, unchanged spec" ;; esac)
    printf '%-34s %12s %11s%%\n' "$label" "$m" "$(awk -v m="$m" -v c="$cold" 'BEGIN { printf "%.0f", 100 * m / c }')"
done
