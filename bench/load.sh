#!/usr/bin/env bash
# A bounded load test of `contract serve` (release build) on loopback: 1,000 concurrent keep-alive
# connections running a mixed authenticated workload (create, get, list, patch, delete) for SECONDS,
# while 50 slowloris connections trickle headers. Prints requests, statuses, errors, p50/p99 latency,
# peak RSS, and how the slowloris connections ended (the server must time every one out).
# Usage: bench/load.sh [SECONDS] [CONNECTIONS]   (defaults 60 and 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
connections="${2:-1000}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ "$(ulimit -n)" -ge $((connections + 200)) ] || ulimit -n $((connections + 200))
swift build -c release --product contract >/dev/null
bin="$(swift build -c release --show-bin-path)/contract"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --port "$port" --db "$work/load.sqlite" > "$work/serve.log" 2>&1 & server=$!; pids+=($server)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

python3 bench/load/load.py setup "$port" "$work/setup.lua" 20 50
echo "contract serve (release), --db on $(df -T "$work" | awk 'NR==2{print $2}'), $connections connections, ${seconds} s, 20 users"
python3 bench/load/load.py rss "$server" "$((seconds + 5))" > "$work/rss.txt" & pids+=($!)
python3 bench/load/load.py slowloris "$port" 50 "$((seconds < 30 ? seconds : 30))" > "$work/slowloris.txt" & pids+=($!)
LOAD_SETUP="$work/setup.lua" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/load/mixed.lua \
  "http://127.0.0.1:$port" > "$work/wrk.txt"
wait "${pids[@]:1}" 2>/dev/null || true
grep -E "Requests/sec|statuses:|latency_us:|requests:|Socket errors" "$work/wrk.txt"
cat "$work/rss.txt" "$work/slowloris.txt"
if grep -q "agent-api error" "$work/serve.log"; then echo "server errors:"; grep "agent-api error" "$work/serve.log" | head; fi
