#!/usr/bin/env bash
# Serve the example app on 127.0.0.1:${PORT:-8000} with one uvicorn worker.
set -euo pipefail
cd "$(dirname "$0")"
exec "${PYTHON:-python3}" -m uvicorn app.main:app \
  --host 127.0.0.1 --port "${PORT:-8000}" --workers 1 --log-level warning
