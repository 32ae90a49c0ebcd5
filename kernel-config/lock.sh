#!/usr/bin/env bash
# lock.sh: re-resolve the Python lock, kernel-config/python/requirements.txt,
# from requirements.in with pip-tools (pinned below), every file's hash
# included. Run it (make lock) after changing requirements.in; commit both.
# It resolves with the Python setup.sh builds .venv from (Debian's by default),
# so no package needs a newer Python than the one that installs it.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="${REPO}/.tools/piptools"
[ -x "${TOOL}/bin/pip-compile" ] || {
  "${HW2_BASE_PYTHON:-/usr/bin/python3}" -m venv "$TOOL"
  "${TOOL}/bin/python" -m pip install --quiet pip-tools==7.6.2
}
cd "${REPO}/kernel-config/python"
"${TOOL}/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
echo "[lock] kernel-config/python/requirements.txt: $(grep -c '==' requirements.txt) packages"
