#!/usr/bin/env bash
# The HTTP/1.1 and WebSocket conformance corpus (Tests/HTTPCoreTests/Conformance/http-corpus.json), run in
# one go against our server (the socket half of ConformanceCorpusTests) and against uvicorn (h11 and
# websockets) with the same echo app, printed side by side: every row where either breaks the corpus.
# Usage: bench/conformance.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
examples/fastapi/setup.sh >/dev/null
CONFORMANCE_REPORT="$work/ours.json" swift test --filter 'ConformanceCorpusTests/theServerKeepsEveryRuleOverSockets' >"$work/test.log" 2>&1 || true
[ -s "$work/ours.json" ] || { echo "the Swift run wrote no report; see its log:" >&2; tail -20 "$work/test.log" >&2; exit 1; }
python3 bench/conformance.py --uvicorn --ours "$work/ours.json"
