#!/usr/bin/env bash
# setup.sh: install and register everything the notebooks need. Idempotent:
# a second run with everything present only checks and re-registers (seconds).
#
#   kernel-config/setup.sh              # Jupyter, GoNB, goimports, gopls, kernelspec, warm build cache
#   SKIP_GOPLS=1 kernel-config/setup.sh # without gopls (autocomplete only; ~70 s cold build)
#   kernel-config/setup.sh --latex      # also TeX Live for the LaTeX PDF route (~420 MB)
#
# Pinned versions live in one place each:
#   go.mod                      tool directives: github.com/janpfeifer/gonb, golang.org/x/tools/cmd/goimports
#   kernel-config/gopls/go.mod  golang.org/x/tools/gopls (own module: its x/tools clashes with goimports')
#   kernel-config/python/requirements.txt  Jupyter and every Python dependency, with hashes
#
# Outputs:
#   .tools/bin/{gonb,goimports,gopls}   binaries
#   .venv/                              Python virtual environment: JupyterLab 4, Notebook 7, nbconvert 7
#   .tools/chromium                     the headless Chromium for PDF export and rendered checks
#   kernel-config/node/node_modules     MathJax 3 (static math, lint) and mathjax-node (MathJax 2 lint)
#   .venv/share/jupyter/kernels/gonb    the kernelspec, inside this checkout's environment
#                                       (make kernel-user installs one user-wide, on purpose)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WANT_LATEX=0
for arg in "$@"; do
  case "$arg" in
    --latex) WANT_LATEX=1 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
TOOLS="${REPO}/.tools"
BIN="${TOOLS}/bin"
MIN_GO_MINOR=26

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Run as root, or through sudo when it works without a password prompt.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}
can_root() { [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }

# apt_install PKG...: install Debian packages, refreshing the package lists
# once per run (the lists of a fresh machine are empty).
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || return 1
  can_root || return 1
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------- Go
command -v go >/dev/null || die "Go is not installed or not on PATH. Install Go 1.${MIN_GO_MINOR}+ (https://go.dev/doc/install) and retry."
GOVER="$(go env GOVERSION)"             # e.g. go1.26.8
minor="$(echo "$GOVER" | sed -E 's/^go1\.([0-9]+).*/\1/')"
case "$minor" in (*[!0-9]*|'') die "cannot parse the Go version '$GOVER'";; esac
[ "$minor" -ge "$MIN_GO_MINOR" ] || die "Go $GOVER is too old: this module needs Go 1.${MIN_GO_MINOR} or newer."

# ---------------------------------------------------------------- Jupyter (.venv)
# Jupyter comes from the Python package index into the project's own virtual
# environment, .venv/, from one lock (kernel-config/python/requirements.txt:
# every transitive version with its hashes), so two machines get the same
# versions and nothing depends on a system Jupyter or on which python3 is
# first in PATH. The venv is rebuilt when the lock or the Python changes.
# HW2_BASE_PYTHON names the Python 3.10+ to build it from (default: Debian's
# /usr/bin/python3, whose venv module comes with the python3-venv package,
# else the first python3 on PATH).
LOCK="${REPO}/kernel-config/python/requirements.txt"
VENV="${REPO}/.venv"
py_ok() { "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; }
find_base_python() {
  local c
  for c in "${HW2_BASE_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -n "$c" ] && [ -x "$c" ] && py_ok "$c" && { echo "$c"; return 0; }
  done
  return 1
}
venv_stamp() { { cat "$LOCK"; "$1" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1; }
if [ -x "${VENV}/bin/python" ] && [ "$(cat "${VENV}/.hw2-stamp" 2>/dev/null)" = "$(venv_stamp "${VENV}/bin/python")" ]; then
  :
else
  if ! BASE_PY="$(find_base_python)"; then
    say "no Python with a working venv module; installing Debian's python3-venv"
    apt_install python3 python3-venv && BASE_PY="$(find_base_python)" \
      || die "Python 3.10+ with the venv module is missing and could not be installed.
  On Debian/Ubuntu:  sudo apt-get install python3-venv
  Elsewhere:         set HW2_BASE_PYTHON to a Python 3.10+ that has venv and ensurepip"
  fi
  say "creating .venv from ${BASE_PY} ($("$BASE_PY" --version 2>&1)) and installing the locked Jupyter ..."
  t0=$SECONDS
  rm -rf "${VENV}"
  "$BASE_PY" -m venv "${VENV}" || die "python -m venv ${VENV} failed (see above)"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "${VENV}/bin/python" -m pip install --quiet --no-input \
      --require-hashes --no-deps --only-binary=:all: -r "$LOCK" \
    || { rm -rf "${VENV}"; die "installing the Python packages of ${LOCK} failed (see above).
  Is the Python package index reachable? Try: curl -sI https://pypi.org/simple/jupyterlab/
  A mirror or a wheel folder works too: PIP_INDEX_URL=... or PIP_FIND_LINKS=... make setup"; }
  "${VENV}/bin/python" -m pip check >/dev/null || die "pip check found inconsistent packages in .venv: $("${VENV}/bin/python" -m pip check)"
  venv_stamp "${VENV}/bin/python" > "${VENV}/.hw2-stamp"
  say "installed .venv in $((SECONDS - t0)) s"
fi
PY="${VENV}/bin/python"
# The project's JupyterLab and Notebook 7 stay offline (no news feed, no
# update check) and show students no nbgrader panels: nbgrader (installed for
# the instructors' command-line flow) keeps its server and lab extensions off
# (kernel-config/jupyter/: a settings override, a server config loaded after
# nbgrader's own, a page config).
install -D -m 644 "${REPO}/kernel-config/jupyter/overrides.json" "${VENV}/share/jupyter/lab/settings/overrides.json"
install -D -m 644 "${REPO}/kernel-config/jupyter/jupyter_server_config.json" "${VENV}/etc/jupyter/jupyter_server_config.d/zz-hw2.json"
install -D -m 644 "${REPO}/kernel-config/jupyter/page_config.json" "${VENV}/etc/jupyter/labconfig/page_config.json"
mkdir -p "$BIN"
say "Jupyter: $("$PY" -c 'import jupyterlab, notebook, nbconvert, nbclient; print("jupyterlab", jupyterlab.__version__, "· notebook", notebook.__version__, "· nbconvert", nbconvert.__version__, "· nbclient", nbclient.__version__)') (.venv)"

# ---------------------------------------------------------------- GoNB, goimports, gopls
# A stamp of the pinning files and the Go version decides whether to rebuild.
stamp_of() { cat "${REPO}/go.mod" "${REPO}/go.sum" "${REPO}/kernel-config/gopls/go.mod" "${REPO}/kernel-config/gopls/go.sum" 2>/dev/null; echo "$GOVER"; }
STAMP="$(stamp_of | sha256sum | cut -d' ' -f1)"
build_tool() { # NAME MODULE_DIR PACKAGE
  local name="$1" dir="$2" pkg="$3"
  if [ -x "${BIN}/${name}" ] && [ "$(cat "${TOOLS}/${name}.stamp" 2>/dev/null)" = "$STAMP" ]; then
    return 0
  fi
  say "building ${name} (${pkg}, pinned in ${dir}/go.mod) ..."
  local t0=$SECONDS
  (cd "$dir" && go build -o "${BIN}/${name}.new" "$pkg") \
    || die "building ${name} failed (see the messages above). Is the Go module proxy reachable? Try: (cd ${dir} && go mod download)"
  mv "${BIN}/${name}.new" "${BIN}/${name}"
  echo "$STAMP" > "${TOOLS}/${name}.stamp"
  say "built ${name} in $((SECONDS - t0)) s"
}
build_tool gonb "$REPO" github.com/janpfeifer/gonb
build_tool goimports "$REPO" golang.org/x/tools/cmd/goimports
if [ -z "${SKIP_GOPLS:-}" ]; then
  build_tool gopls "${REPO}/kernel-config/gopls" golang.org/x/tools/gopls
fi

# ---------------------------------------------------------------- grading
# nbgrader's autograde runs kernel-config/cmd/grade (built here) on each
# submission, which runs student code under bubblewrap with prlimit's limits.
if ! command -v bwrap >/dev/null || ! command -v prlimit >/dev/null; then
  say "bubblewrap or prlimit not found; installing the Debian packages"
  apt_install bubblewrap util-linux || die "bubblewrap is missing and could not be installed: sudo apt-get install bubblewrap"
fi
(cd "$REPO" && go build -o "${BIN}/hw2grade" ./kernel-config/cmd/grade) || die "building the grader failed"

# ---------------------------------------------------------------- kernelspec
# gonb --install writes $JUPYTER_DATA_DIR/kernels/gonb/kernel.json. We then add
# the tools' bin dir and Go's to the kernel's PATH, so the kernel finds goimports,
# gopls and go however Jupyter is started.
"${REPO}/kernel-config/install-kernel.sh"

# ---------------------------------------------------------------- export tools
# Headless Chromium renders the HTML exports to PDF and checks them; node runs
# the math lint and typesets the exports' math to static SVG (MathJax 3 from
# npm, pinned in kernel-config/node/package-lock.json).
find_chromium() {
  local c
  for c in "${HW2_CHROMIUM:-}" chromium chromium-browser google-chrome; do
    [ -n "$c" ] && command -v "$c" >/dev/null && { command -v "$c"; return 0; }
  done
  return 1
}
if ! CHROMIUM="$(find_chromium)"; then
  say "Chromium not found; installing the Debian package"
  apt_install chromium fonts-dejavu-core && CHROMIUM="$(find_chromium)" \
    || die "Chromium is missing and could not be installed: sudo apt-get install chromium (or set HW2_CHROMIUM to a Chrome/Chromium binary)"
fi
# pandoc: nbconvert's Markdown-to-LaTeX step; pdftotext/pdftoppm (poppler):
# the render checks read and draw the PDFs.
if ! command -v pandoc >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  say "pandoc or poppler-utils not found; installing the Debian packages"
  apt_install pandoc poppler-utils || die "pandoc and poppler-utils are missing and could not be installed: sudo apt-get install pandoc poppler-utils"
fi
echo "$CHROMIUM" > "${TOOLS}/chromium"
node_ok() { command -v node >/dev/null && command -v npm >/dev/null \
  && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 18 ]; }
if ! node_ok; then
  say "Node.js 18+ and npm not found; installing the Debian packages"
  apt_install nodejs npm && node_ok || die "Node.js 18+ with npm is missing and could not be installed: sudo apt-get install nodejs npm"
fi
NODE_DIR="${REPO}/kernel-config/node"
NODE_STAMP="$(cat "${NODE_DIR}/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ ! -d "${NODE_DIR}/node_modules" ] || [ "$(cat "${TOOLS}/node.stamp" 2>/dev/null)" != "$NODE_STAMP" ]; then
  say "installing node packages (npm ci in kernel-config/node) ..."
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed in ${NODE_DIR}: is the npm registry reachable?"
  echo "$NODE_STAMP" > "${TOOLS}/node.stamp"
fi
say "export tools: $("$CHROMIUM" --version 2>/dev/null | head -1), node $(node --version)"

# ---------------------------------------------------------------- LaTeX (optional)
# nbconvert's LaTeX route (jupyter nbconvert --to pdf) needs xelatex: about
# 420 MB of TeX Live, so only with --latex (make pdf-latex, make test).
LATEX_PACKAGES=(texlive-xetex texlive-fonts-recommended texlive-plain-generic fonts-dejavu-core)
if [ "$WANT_LATEX" = 1 ]; then
  if ! command -v xelatex >/dev/null || ! kpsewhich tcolorbox.sty >/dev/null 2>&1 || ! fc-list | grep -i "DejaVu Sans Mono" >/dev/null; then
    say "xelatex (TeX Live) not found; installing the Debian packages (~420 MB, ~2 min)"
    apt_install "${LATEX_PACKAGES[@]}" || die "xelatex is missing and could not be installed: sudo apt-get install ${LATEX_PACKAGES[*]}"
  fi
  say "LaTeX: $(xelatex --version | head -1)"
fi

# ---------------------------------------------------------------- offline readiness, warm build cache
# Notebook cells are built by GoNB in a scratch module whose workspace includes
# this repository, so Go needs every module of the workspace's graph (gonb's
# dependencies included), not only those our packages import: download them
# all now, while the network is there. Then build a program shaped like a
# notebook cell, in a workspace like GoNB's, offline, with the cells' flags:
# it proves the notebooks will run without the network and it warms the build
# cache (the first cell otherwise compiles gonum and hwkit: 45-75 s cold).
say "downloading Go modules (go mod download) ..."
(cd "$REPO" && go mod download) || die "go mod download failed: is the Go module proxy reachable?"
# The cells' build flags: the %goflags line of every notebook's set-up cell
# (TestSetupWarmsCellFlags keeps them equal). Without DWARF in the compiled
# packages the linker reads about a fifth less: 0.02-0.03 s off every cell.
CELL_GOFLAGS=(-gcflags=all=-dwarf=false "-ldflags=-s -w")
say "building a notebook-shaped program offline (warms the build cache) ..."
t0=$SECONDS
warm="$(mktemp -d)"
trap 'rm -rf "$warm"' EXIT
{
  echo "package main"
  echo "import ("
  (cd "$REPO" && go list ./hwkit/...) | sed 's/.*/\t_ "&"/'
  echo ")"
  echo "func main() {}"
} > "${warm}/main.go"
(cd "$warm" && go mod init gonb_warm >/dev/null 2>&1 && go work init >/dev/null 2>&1 && go work use . "$REPO" \
  && GOPROXY=off GOFLAGS= go build "${CELL_GOFLAGS[@]}" -o /dev/null .) \
  || die "a notebook cell could not be built offline (see above)"
(cd "$REPO" && go build ./...) || die "go build ./... failed"
(cd "$REPO" && "${BIN}/hw2grade" -warm) || die "warming the grading build cache failed"
say "build cache warm ($((SECONDS - t0)) s)"
say "ready. Tools in ${BIN}; python: ${PY}"
