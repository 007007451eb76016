#!/usr/bin/env bash
# Compile cost of a generated crate, ours against ploidy 0.15's, side by side
# in one run: `cargo check` of the crate alone (its dependencies already
# built), wall time and the compiler's peak memory, median of RUNS.
#
# Ours is checked with its default features (every tag), with every
# feature, with no tag, and with single tags (TAGS, default: ip_ranges
# monitors dashboards); ploidy's crate has no per-tag features for this spec,
# so it is checked once per run with its defaults. Each check starts by
# touching the crate's `src/lib.rs`, so only the crate itself is rebuilt.
#
# Usage: scripts/compare-check.sh [SPEC] [RUNS]
#   SPEC default tests/real-specs/datadog-v1.yaml, RUNS default 3.
# Installs ploidy 0.15.0 with `cargo install` when `ploidy` is not on PATH.
# Needs GNU time (/usr/bin/time) for the peak memory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
spec="${1:-tests/real-specs/datadog-v1.yaml}"
runs="${2:-3}"
tags=(${TAGS:-ip_ranges monitors dashboards})

if ! command -v ploidy >/dev/null 2>&1 || ! ploidy --version 2>/dev/null | grep -q "0\.15\."; then
    echo "installing ploidy 0.15.0 (cargo install)..." >&2
    cargo install ploidy --version 0.15.0 --locked >&2
fi
cargo build --release -q -p xtask --manifest-path "$root/Cargo.toml"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
name="$(basename "$spec")"
crate="${name%.*}"
crate="${crate//-/_}"

"$root/target/release/xtask" codegen --spec "$root/$spec" --out "$scratch/ours" --crate-name "$crate" >/dev/null 2>&1
ploidy generate rust "$root/$spec" -o "$scratch/ploidy" >/dev/null 2>&1
# Each crate is its own workspace with its own target folder.
for dir in ours ploidy; do
    printf '\n[workspace]\n' >>"$scratch/$dir/Cargo.toml"
done

# One `cargo check` of the crate alone: "seconds peak_kilobytes".
check() {
    local dir="$1"
    shift
    touch "$scratch/$dir/src/lib.rs"
    /usr/bin/time -f '%e %M' -o "$scratch/time.txt" cargo check -q --manifest-path "$scratch/$dir/Cargo.toml" "$@" >"$scratch/last.log" 2>&1 || {
        echo "cargo check failed in $dir $*" >&2
        tail -20 "$scratch/last.log" >&2
        return 1
    }
    cat "$scratch/time.txt"
}

median() {
    sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

configs=("ours|default|" "ours|--all-features|--all-features" "ours|no tag|--no-default-features")
for tag in "${tags[@]}"; do
    configs+=("ours|$tag|--no-default-features --features $tag")
done
configs+=("ploidy|default|")

# Dependencies first, once per crate and feature set, untimed.
for config in "${configs[@]}"; do
    IFS='|' read -r dir _ flags <<<"$config"
    # shellcheck disable=SC2086
    cargo check -q --manifest-path "$scratch/$dir/Cargo.toml" $flags >/dev/null 2>&1 || true
done

: >"$scratch/results.txt"
for run in $(seq "$runs"); do
    # Round-robin, so that a busy machine slows every configuration alike.
    for i in "${!configs[@]}"; do
        IFS='|' read -r dir _ flags <<<"${configs[$i]}"
        # shellcheck disable=SC2086
        echo "$i $(check "$dir" $flags)" >>"$scratch/results.txt"
    done
    echo "run $run of $runs done" >&2
done

all=$(awk '$1 == 0 { print $2 }' "$scratch/results.txt" | median)
printf '%-34s %10s %10s %12s\n' "$crate (median of $runs)" "check (s)" "of default" "peak (MB)"
for i in "${!configs[@]}"; do
    IFS='|' read -r dir label _ <<<"${configs[$i]}"
    secs=$(awk -v i="$i" '$1 == i { print $2 }' "$scratch/results.txt" | median)
    peak=$(awk -v i="$i" '$1 == i { print $3 }' "$scratch/results.txt" | median)
    share=$(awk -v s="$secs" -v a="$all" 'BEGIN { printf "%.0f%%", 100 * s / a }')
    printf '%-34s %10s %10s %12s\n' "$dir: $label" "$secs" "$share" "$((peak / 1024))"
done
