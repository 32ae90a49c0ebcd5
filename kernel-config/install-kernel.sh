#!/usr/bin/env bash
# install-kernel.sh: register the GoNB kernelspec "gonb" built by setup.sh.
#
# Installs into $JUPYTER_DATA_DIR/kernels/gonb when JUPYTER_DATA_DIR is set
# (the notebook tests use a throw-away one), else ~/.local/share/jupyter.
# The kernel's PATH gets .tools/bin and the directory of `go`, so goimports,
# gopls and go are found whatever PATH Jupyter was started with.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${REPO}/.tools/bin"
[ -x "${BIN}/gonb" ] || { echo "install-kernel: ${BIN}/gonb missing; run kernel-config/setup.sh first" >&2; exit 1; }
PY="$(cat "${REPO}/.tools/python" 2>/dev/null || echo /usr/bin/python3)"
GOBIN_DIR="$(dirname "$(command -v go)")"

PATH="${BIN}:${PATH}" "${BIN}/gonb" --install --logtostderr >/dev/null 2>"${REPO}/.tools/install.log" || {
  cat "${REPO}/.tools/install.log" >&2; echo "install-kernel: gonb --install failed" >&2; exit 1; }

DATA_DIR="${JUPYTER_DATA_DIR:-${HOME}/.local/share/jupyter}"
SPEC="${DATA_DIR}/kernels/gonb/kernel.json"
"$PY" - "$SPEC" "$BIN" "$GOBIN_DIR" <<'EOF'
import json, os, sys
spec, bin_dir, go_dir = sys.argv[1:4]
with open(spec) as f:
    k = json.load(f)
path = [bin_dir, go_dir] + [p for p in os.environ.get("PATH", "").split(":") if p and p not in (bin_dir, go_dir)]
k.setdefault("env", {})["PATH"] = ":".join(path)
k["display_name"] = "Go (gonb)"
with open(spec, "w") as f:
    json.dump(k, f, indent=1)
    f.write("\n")
EOF
echo "[setup] kernelspec gonb -> ${SPEC}" >&2
