#!/usr/bin/env bash
# How fast `contract explore` runs, release build, in the same run:
#   1. the in-process oracle against itself (both sides are the reference, so explore's own cost shows),
#      one session at a time and with a session per core; target: at least 5,000 steps/s on 2 cores;
#   2. against the FastAPI example (uvicorn, one worker, PBKDF2 at 1,000 iterations, its key given so
#      expired and unknown-user tokens are sent too): steps/s, and how much of the wall time our process
#      spent on the CPU versus uvicorn's.
# Medians of RUNS runs, seeds 1..RUNS. Usage: bench/explore.sh [STEPS] [RUNS] [FASTAPI_STEPS]  (defaults 20000 3 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-20000}"
runs="${2:-3}"
fastapi_steps="${3:-3000}"
swift build -c release --product contract >/dev/null
bin="$(swift build -c release --show-bin-path)/contract"
examples/fastapi/setup.sh >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }
rate() { grep -o '[0-9]* steps/s' "$1" | awk '{print $1}'; }
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system, in clock ticks
ticks=$(getconf CLK_TCK)

echo "contract explore, release build, $(nproc) cores"
for concurrency in 1 "$(nproc)"; do
  for seed in $(seq 1 "$runs"); do
    "$bin" explore --steps "$steps" --seed "$seed" --concurrency "$concurrency" >"$work/self-$concurrency-$seed.log" 2>&1 || {
      echo "✘ the reference differs from itself (seed $seed):"; cat "$work/self-$concurrency-$seed.log"; exit 1; }
    rate "$work/self-$concurrency-$seed.log"
  done | median >"$work/self-$concurrency.median"
  printf '  in process against itself, %s session(s) at a time: %s steps/s (median of %s x %s steps)\n' \
    "$concurrency" "$(cat "$work/self-$concurrency.median")" "$runs" "$steps"
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
secret="bench-explore-secret-0123456789abcdefghijklmnop"
SECRET_KEY="$secret" PORT=$port PBKDF2_ITERATIONS=1000 examples/fastapi/run.sh >"$work/uvicorn.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
uvicorn_pid=$(pgrep -f "uvicorn app.main:app --host 127.0.0.1 --port $port" | head -1)
for seed in $(seq 1 "$runs"); do
  before=$(cpu_of "$uvicorn_pid")
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time-$seed" "$bin" explore --target "http://127.0.0.1:$port" --jwt-secret "$secret" \
    --steps "$fastapi_steps" --seed "$seed" >"$work/fastapi-$seed.log" 2>&1 || {
    echo "✘ explore found a difference on the FastAPI example (seed $seed):"; cat "$work/fastapi-$seed.log"; exit 1; }
  wall=$(echo "$(date +%s.%N) - $start" | bc -l)
  after=$(cpu_of "$uvicorn_pid")
  ours=$(awk '{print $1 + $2}' "$work/time-$seed")
  theirs=$(echo "($after - $before) / $ticks" | bc -l)
  printf '%s %s %s\n' "$(rate "$work/fastapi-$seed.log")" "$(echo "100 * $ours / $wall" | bc -l)" "$(echo "100 * $theirs / $wall" | bc -l)"
done >"$work/fastapi.rows"
printf '  against the FastAPI example: %s steps/s (median of %s x %s steps); CPU over wall time: explore %.0f%%, uvicorn %.0f%%\n' \
  "$(awk '{print $1}' "$work/fastapi.rows" | median)" "$runs" "$fastapi_steps" \
  "$(awk '{print $2}' "$work/fastapi.rows" | median)" "$(awk '{print $3}' "$work/fastapi.rows" | median)"
self=$(cat "$work/self-$(nproc).median")
if [ "$self" -lt 5000 ]; then echo "✘ below the 5,000 steps/s target in process"; exit 1; fi
echo "✔ in process at $self steps/s (target 5,000)"
