#!/bin/sh
# Issue 14's table, old vs new, in one run on one host: every row of the issue, both checkouts.
#
#   sh bench/issue14.sh [OLD_CHECKOUT]          # default /tmp/bench-base-14
#
# Make the old checkout once:  git worktree add /tmp/bench-base-14 741d2e7 && make -C /tmp/bench-base-14 install
# Rows can be chosen:  ROWS="engine api-cpu api-live whatif peers" (default: all but peers, which needs
# ../shared/bench). Raw outputs go to $OUT (default bench/results/issue14-<date>/); the table is printed
# at the end (bench/issue14_table.py). Takes ~1 h on a quiet 2-core host (callgrind is slow: ~2–4 min
# per row and checkout; the live API rows ~1 min each).
set -eu
NEW=$(cd "$(dirname "$0")/.." && pwd)
OLD=$(cd "${1:-/tmp/bench-base-14}" && pwd)
ROWS=${ROWS:-"engine api-cpu api-live whatif"}
OUT=${OUT:-$NEW/bench/results/issue14-$(date -u +%Y%m%dT%H%M)}
PY=$NEW/.venv/bin/python
mkdir -p "$OUT"
{
    echo "host: $(hostname), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "old: $OLD at $(git -C "$OLD" rev-parse --short HEAD); new: $NEW at $(git -C "$NEW" rev-parse --short HEAD)"
    echo "started: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/host.txt"

for row in $ROWS; do
    for side in old new; do
        root=$OLD; [ "$side" = new ] && root=$NEW
        case $row in
        engine)
            for what in compiled-full durable-full compiled-none durable-eval; do
                "$PY" "$NEW/bench/engine_instr.py" "$what" --root "$root" -n 100 >> "$OUT/engine-$side.tsv"
            done ;;
        api-cpu)
            "$PY" "$NEW/bench/api_cpu.py" --root "$root" -n 300 --warmup 100 > "$OUT/api-cpu-$side.json"
            "$PY" "$NEW/bench/api_cpu.py" --root "$root" -n 200 --warmup 50 --profile 30 \
                > /dev/null 2> "$OUT/api-cpu-profile-$side.txt" ;;
        api-live)
            for backend in sqlite postgresql; do
                "$PY" "$NEW/bench/api_bench.py" --root "$root" --backend $backend --rate 300 --duration 30 \
                    --json-out "$OUT/api-$backend-300-$side.json" >> "$OUT/api-live-$side.md"
            done
            for rate in 100 200 300 400 600 800; do
                "$PY" "$NEW/bench/api_bench.py" --root "$root" --backend sqlite --rate $rate --duration 20 \
                    --json-out "$OUT/api-sqlite-rate$rate-$side.json" >> "$OUT/api-rates-$side.md"
            done ;;
        whatif)
            "$root/.venv/bin/python" "$root/bench/whatif_bench.py" -n 100000 --workers 2 \
                --dir "/tmp/lexgate-whatif-bench-$side" > "$OUT/whatif-$side.md" ;;
        peers)
            make -C "$root" bench-peers PEER_ARGS="--isolate" > "$OUT/peers-$side.txt" ;;
        esac
    done
done
echo "finished: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/host.txt"
"$PY" "$NEW/bench/issue14_table.py" "$OUT"
