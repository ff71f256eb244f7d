#!/usr/bin/env bash
# Creates .venv with exactly the pinned versions (idempotent: reuses a venv that already has them).
set -euo pipefail
cd "$(dirname "$0")"
python="${PYTHON_FOR_VENV:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if ! .venv/bin/python -c "import fastapi, pydantic, jwt, uvicorn, sqlalchemy, sqlmodel, pwdlib, argon2, multipart" 2>/dev/null \
   || [ "$(.venv/bin/python -c 'import fastapi; print(fastapi.__version__)')" != "0.121.3" ] \
   || [ "$(.venv/bin/python -c 'import sqlmodel; print(sqlmodel.__version__)')" != "0.0.50" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
fi
echo "examples/heroes/.venv ready: $(.venv/bin/python -c 'import fastapi, pydantic, jwt, sqlmodel; print("fastapi", fastapi.__version__, "pydantic", pydantic.VERSION, "sqlmodel", sqlmodel.__version__, "PyJWT", jwt.__version__)')"
