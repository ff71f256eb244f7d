#!/usr/bin/env bash
# Requests/s and p99 latency with wrk on loopback, 64 connections: `contract serve` (release build)
# against the FastAPI example under plain uvicorn (one worker, log level warning), and /health against
# nginx (one worker, a static answer) as the ceiling of what one HTTP/1.1 process does here, in the same run.
# Usage: bench/server.sh [SECONDS] [REPEATS]   (defaults 10 and 3; the median run is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
repeats="${2:-3}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
command -v nginx >/dev/null || { echo "nginx is needed: apt-get install -y nginx-light" >&2; exit 2; }
swift build -c release --product contract >/dev/null
bin="$(swift build -c release --show-bin-path)/contract"
examples/fastapi/setup.sh >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }

swift_port=$(free_port)
"$bin" serve --port "$swift_port" >/dev/null 2>&1 & pids+=($!)
py_port=$(free_port)
PORT=$py_port PBKDF2_ITERATIONS=1000 examples/fastapi/run.sh >/dev/null 2>&1 & pids+=($!)
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /health { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" >/dev/null 2>&1 & pids+=($!)
wait_up "$swift_port"; wait_up "$py_port"; wait_up "$nginx_port"

# A user, a token and an agent on each server.
setup() {
  local port=$1 email="bench-$RANDOM-$RANDOM@example.com"
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/users" -H 'content-type: application/json' \
       -d "{\"email\":\"$email\",\"password\":\"password123\"}" >/dev/null
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -d "username=$email&password=password123" \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local agent
  agent=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/agents" -H "authorization: Bearer $token" \
          -H 'content-type: application/json' -d '{"name":"bench","model_name":"gpt-4"}' \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  echo "$token $agent"
}
read -r swift_token swift_agent < <(setup "$swift_port")
read -r py_token py_agent < <(setup "$py_port")

# One wrk run: prints "requests_per_second p99_ms".
measure() {
  local url=$1 token=$2
  local args=(-t2 -c64 -d"${seconds}s" --latency)
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  wrk "${args[@]}" "$url" > "$work/wrk.txt"
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "non-2xx answers in $url" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
value, unit = float(p99.group(1)), p99.group(2)
print(rps, value / 1000 if unit == "us" else value * 1000 if unit == "s" else value)
PY
}

median_of() {  # median run by requests/s
  local url=$1 token=$2 results=()
  for _ in $(seq 1 "$repeats"); do results+=("$(measure "$url" "$token")"); done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (repeats + 1) / 2 ))p"
}

echo "wrk -t2 -c64 -d${seconds}s, median of $repeats runs; contract serve (release) vs FastAPI example (uvicorn, 1 worker)"
printf '%-34s %14s %10s %14s %10s %8s\n' endpoint "swift req/s" "p99 ms" "uvicorn req/s" "p99 ms" ratio
for endpoint in health agent; do
  if [ "$endpoint" = health ]; then
    path=/health; s_token=""; p_token=""
  else
    path=/api/v1/agents; s_token=$swift_token; p_token=$py_token
  fi
  s_url="http://127.0.0.1:$swift_port$path"; p_url="http://127.0.0.1:$py_port$path"
  [ "$endpoint" = agent ] && s_url="$s_url/$swift_agent" && p_url="$p_url/$py_agent"
  read -r s_rps s_p99 < <(median_of "$s_url" "$s_token")
  read -r p_rps p_p99 < <(median_of "$p_url" "$p_token")
  label=$([ "$endpoint" = health ] && echo "GET /health" || echo "GET /api/v1/agents/{id} (auth)")
  printf '%-34s %14.0f %10.2f %14.0f %10.2f %7.1fx\n' "$label" "$s_rps" "$s_p99" "$p_rps" "$p_p99" "$(python3 -c "print($s_rps/$p_rps)")"
  [ "$endpoint" = health ] && health_rps=$s_rps
done
read -r n_rps n_p99 < <(median_of "http://127.0.0.1:$nginx_port/health" "")
printf '\n%-34s %14.0f %10.2f   contract serve /health is %.0f%% of nginx\n' "nginx GET /health (static, 1 worker)" "$n_rps" "$n_p99" \
  "$(python3 -c "print(100*$health_rps/$n_rps)")"
