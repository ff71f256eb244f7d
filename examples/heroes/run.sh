#!/usr/bin/env bash
# Serve the heroes app on 127.0.0.1:${PORT:-8100} with one uvicorn worker (run ./setup.sh first).
set -euo pipefail
cd "$(dirname "$0")"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
exec "$python" -m uvicorn app.main:app \
  --host 127.0.0.1 --port "${PORT:-8100}" --workers 1 --log-level warning
