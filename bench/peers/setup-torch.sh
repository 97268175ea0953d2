#!/bin/sh
# Makes the PyTorch peer's venv once (cached under node_modules/.cache, like other build caches).
# The MKL-linked CPU wheel ships in /opt/wheels; PyPI is not needed. Prints the venv's python.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V="$ROOT/node_modules/.cache/torch-venv"
if [ ! -x "$V/bin/python" ] || ! "$V/bin/python" -c "import torch" >/dev/null 2>&1; then
  WHEEL=$(ls /opt/wheels/torch-*.whl 2>/dev/null | head -n 1)
  [ -n "$WHEEL" ] || { echo "no torch wheel in /opt/wheels" >&2; exit 1; }
  python3 -m venv --system-site-packages "$V" >&2
  "$V/bin/pip" install --no-index --no-deps "$WHEEL" >&2
fi
echo "$V/bin/python"
