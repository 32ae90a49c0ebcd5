#!/usr/bin/env bash
# export.sh: execute every notebook headless with the GoNB kernel and export it.
#
#   kernel-config/export.sh [NOTEBOOK...]     (default: notebooks/*.ipynb)
#
# Writes, per notebook, under exports/ (git-ignored):
#   NAME.ipynb   the executed notebook (outputs in, stream chunks merged)
#   NAME.html    HTML export (the set-up cell, tagged "setup", left out)
# Go runs with GOPROXY=off: nothing may need the network once set up.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${EXPORTS:-${REPO}/exports}"
PY="$(cat "${REPO}/.tools/python" 2>/dev/null)" || { echo "export: run kernel-config/setup.sh first" >&2; exit 1; }
CONFIG="${REPO}/kernel-config/nbconvert_config.py"
mkdir -p "$OUT"
if [ $# -eq 0 ]; then set -- "${REPO}"/notebooks/*.ipynb; fi

ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }  # wall clock in ms (bash 5)
secs() { printf "%d.%d" $(($1 / 1000)) $(($1 % 1000 / 100)); }
failed=0
for src in "$@"; do
  name="$(basename "$src" .ipynb)"
  t0=$(ms)
  log="${OUT}/${name}.log"
  if ! GOPROXY=off GOFLAGS= "$PY" -m nbconvert --config "$CONFIG" --to notebook --execute \
        --output-dir "$OUT" --output "$name" "$src" >"$log" 2>&1; then
    echo "[export] ${name}: execution FAILED; the failing cell:" >&2
    grep -v '^[IWE][0-9]\{4\} ' "$log" | tail -25 >&2
    echo "[export] full log: ${log}" >&2
    failed=1
    continue
  fi
  t1=$(ms)
  "$PY" -m nbconvert --config "$CONFIG" --to html \
      --TagRemovePreprocessor.enabled=True --TagRemovePreprocessor.remove_cell_tags='["setup"]' \
      --output-dir "$OUT" --output "$name" "${OUT}/${name}.ipynb" >>"$log" 2>&1 \
    || { echo "[export] ${name}: HTML export FAILED (see ${log})" >&2; failed=1; continue; }
  t2=$(ms)
  echo "[export] ${name}: executed in $(secs $((t1 - t0))) s, HTML in $(secs $((t2 - t1))) s" >&2
done
[ "$failed" = 0 ] || exit 1
echo "[export] results in ${OUT}/:" >&2
(cd "$OUT" && ls -1 *.ipynb *.html) | sed 's/^/    /' >&2
