#!/usr/bin/env bash
# install-kernel.sh: register the GoNB kernelspec "gonb" built by setup.sh.
#
#   install-kernel.sh               into this checkout's .venv/share/jupyter (setup.sh does this):
#                                   only this checkout's Jupyter sees it, so two clones never
#                                   break each other and deleting one breaks nothing
#   install-kernel.sh --dir DIR     into DIR/kernels/gonb (a Jupyter data directory)
#   install-kernel.sh --user        user-wide, for your own JupyterLab or JupyterHub
#                                   (make kernel-user): the binaries are copied to
#                                   ${XDG_DATA_HOME:-~/.local/share}/hw2-gonb/bin, so the
#                                   kernel keeps working after this checkout is deleted
#
# The kernel's PATH starts with the directory of gonb, goimports and gopls and the
# directory of `go`, so the kernel finds them however Jupyter was started.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${REPO}/.tools/bin"
PY="${REPO}/.venv/bin/python"
mode=venv DATA_DIR="${REPO}/.venv/share/jupyter"
case "${1:-}" in
  "") ;;
  --dir) [ -n "${2:-}" ] || { echo "install-kernel: --dir needs a directory" >&2; exit 2; }; mode=dir DATA_DIR="$2" ;;
  --user) mode=user DATA_DIR="${JUPYTER_DATA_DIR:-${HOME}/.local/share/jupyter}" ;;
  -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "install-kernel: unknown option $1 (see --help)" >&2; exit 2 ;;
esac
[ -x "${BIN}/gonb" ] && [ -x "$PY" ] || { echo "install-kernel: ${BIN}/gonb or .venv missing; run kernel-config/setup.sh first" >&2; exit 1; }
GO="$(command -v go)" || { echo "install-kernel: go is not on PATH" >&2; exit 1; }
GO_DIR="$(dirname "$GO")"

KERNEL_BIN="$BIN"
if [ "$mode" = user ]; then
  # Copies that outlive the checkout.
  KERNEL_BIN="${XDG_DATA_HOME:-${HOME}/.local/share}/hw2-gonb/bin"
  mkdir -p "$KERNEL_BIN"
  for tool in gonb goimports gopls; do
    if [ -x "${BIN}/${tool}" ]; then
      cp -f "${BIN}/${tool}" "${KERNEL_BIN}/${tool}.new" && mv -f "${KERNEL_BIN}/${tool}.new" "${KERNEL_BIN}/${tool}"
    fi
  done
fi

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
# gopls only powers autocomplete (SKIP_GOPLS=1 setup.sh builds none): without it
# gonb --install needs --force_deps. goimports is required.
[ -x "${KERNEL_BIN}/goimports" ] || { echo "install-kernel: ${KERNEL_BIN}/goimports missing; run kernel-config/setup.sh" >&2; exit 1; }
FORCE=()
[ -x "${KERNEL_BIN}/gopls" ] || FORCE=(--force_deps)
JUPYTER_DATA_DIR="$DATA_DIR" PATH="${KERNEL_BIN}:${PATH}" "${KERNEL_BIN}/gonb" --install "${FORCE[@]}" --logtostderr >/dev/null 2>"$LOG" || {
  cat "$LOG" >&2; echo "install-kernel: gonb --install failed" >&2; exit 1; }

SPEC="${DATA_DIR}/kernels/gonb/kernel.json"
"$PY" - "$SPEC" "$KERNEL_BIN" "$GO_DIR" <<'EOF'
import json, os, sys
spec, bin_dir, go_dir = sys.argv[1:4]
with open(spec) as f:
    k = json.load(f)
# The kernel runs this checkout's gonb (or the --user copy), never a copy
# gonb --install makes of itself into the kernelspec (it does so when its
# binary lives under /tmp, e.g. a clone in a temporary directory).
copied = os.path.join(os.path.dirname(spec), "gonb")
for f in (copied, copied + "~"):  # gonb keeps the previous copy as gonb~
    if os.path.exists(f):
        os.remove(f)
k["argv"][0] = os.path.join(bin_dir, "gonb")
path = [bin_dir, go_dir, "/usr/local/bin", "/usr/bin", "/bin"]
k.setdefault("env", {})["PATH"] = ":".join(dict.fromkeys(path))
k["display_name"] = "Go (gonb)"
with open(spec, "w") as f:
    json.dump(k, f, indent=1)
    f.write("\n")
EOF
echo "[setup] kernelspec gonb -> ${SPEC}" >&2
if [ "$mode" = user ]; then
  echo "[setup] binaries copied to ${KERNEL_BIN}; the kernel uses ${GO} (reinstall if Go moves)" >&2
fi
