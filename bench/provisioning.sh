#!/usr/bin/env bash
# What accounts cost a run against a target that hashes passwords slowly: the whole suite (fixtures and
# derived checks) against the FastAPI example with PBKDF2 set to about 200 ms a hash, release builds,
# this build side by side with BEFORE (another build's `contract` binary, e.g. of the commit before
# provisioning was shared), alternating, each on a fresh server and database. Reports the median wall time
# and the users each run registered (counted in the example's database, so both builds are counted alike).
# Usage: bench/provisioning.sh [RUNS] [ITERATIONS] [BEFORE]   (defaults 3, 900000, none)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
iterations="${2:-900000}"
before="${3:-}"
swift build -c release --product contract >/dev/null
after="$(swift build -c release --show-bin-path)/contract"
examples/fastapi/setup.sh >/dev/null
python=examples/fastapi/.venv/bin/python
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
hash_ms=$("$python" -c "import hashlib,time; t=time.perf_counter(); hashlib.pbkdf2_hmac('sha256', b'pw', b'0123456789abcdef', $iterations); print(round((time.perf_counter()-t)*1000))")
echo "the suite against the FastAPI example, PBKDF2 at $iterations iterations ($hash_ms ms a hash here), $(nproc) cores, median of $runs"

# One run of BINARY against a fresh server: prints "seconds users".
one_run() {
  local binary=$1 tag=$2 port secret db
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  secret="bench-provisioning-secret-0123456789abcdefghij"
  db="$work/$tag.sqlite"
  rm -f "$db"
  DATABASE_URL="sqlite+aiosqlite:///$db" SECRET_KEY="$secret" PORT=$port PBKDF2_ITERATIONS=$iterations \
    examples/fastapi/run.sh >"$work/uvicorn-$tag.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  local start end
  start=$(date +%s.%N)
  "$binary" run --target "http://127.0.0.1:$port" --jwt-secret "$secret" >"$work/$tag.log" 2>&1 || {
    echo "✘ the suite failed ($tag):" >&2; tail -20 "$work/$tag.log" >&2; kill "$server"; exit 1; }
  end=$(date +%s.%N)
  kill "$server"; wait "$server" 2>/dev/null || true
  local users
  users=$("$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from users').fetchone()[0])" "$db")
  printf '%.1f %s\n' "$(echo "$end - $start" | bc -l)" "$users"
}

for index in $(seq 1 "$runs"); do
  if [ -n "$before" ]; then one_run "$before" "before-$index" >>"$work/before.rows"; fi
  one_run "$after" "after-$index" >>"$work/after.rows"
done
report() {
  printf '  %-7s %6s s wall, %4s users registered   (runs: %s)\n' "$1" \
    "$(awk '{print $1}' "$work/$1.rows" | median)" "$(awk '{print $2}' "$work/$1.rows" | median)" \
    "$(awk '{printf "%s s/%s users  ", $1, $2}' "$work/$1.rows")"
}
if [ -n "$before" ]; then report before; fi
report after
grep -h '^Accounts:' "$work"/after-*.log | head -1 | sed 's/^/  this build says: /'
if [ -n "$before" ]; then
  printf '  after/before wall time: %.2f\n' "$(echo "$(awk '{print $1}' "$work/after.rows" | median) / $(awk '{print $1}' "$work/before.rows" | median)" | bc -l)"
fi
