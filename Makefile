# Homework-2 notebooks on the GoNB kernel. The two commands:
#   make        set up what is missing, execute every notebook, export to exports/
#   make test   set up, go vet, go test (which executes every notebook)
SHELL := /bin/bash
PY = .venv/bin/python
# Jupyter processes prefer this checkout's kernelspecs (.venv/share/jupyter) over user-wide ones.
JUPYTER = JUPYTER_PREFER_ENV_PATH=1 .venv/bin/jupyter

.PHONY: all run setup test notebook kernel-user lock student course nbgrader-meta pdf-latex lint-math bench fuzz clean-notebooks clean

all: run

## run: install what is missing, register the kernel, execute and export every notebook
##      (exports/NAME.ipynb, .html, .pdf, .md, .png)
run: setup
	go run ./kernel-config/cmd/export

## setup: Jupyter (pinned, into .venv), pinned GoNB/goimports/gopls, kernelspec, warm build cache
setup:
	kernel-config/setup.sh

## test: setup (with TeX Live), then go vet and go test: unit tests, every notebook executed
##       with GoNB offline, exports rendered and checked, math lint, determinism, a real client
test:
	kernel-config/setup.sh --latex
	go vet ./...
	HW2_REQUIRE_NOTEBOOKS=1 HW2_REQUIRE_LATEX=1 go test -count=1 -timeout 80m ./...

## notebook: open the notebooks in JupyterLab 4 (UI=notebook: Notebook 7) on http://127.0.0.1:8888
##           (PORT=... to change; the URL with its token is printed)
notebook: setup
	@case "$${UI:-lab}" in lab|notebook) ;; *) echo "UI must be lab or notebook, not $$UI" >&2; exit 2;; esac
	$(JUPYTER) $${UI:-lab} --no-browser --ip=127.0.0.1 --port=$${PORT:-8888} --ServerApp.root_dir=notebooks \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

## kernel-user: install the Go (gonb) kernel user-wide, for your own JupyterLab or JupyterHub
##              (binaries copied to ~/.local/share/hw2-gonb/bin: they survive this checkout)
kernel-user: setup
	kernel-config/install-kernel.sh --user

## lock: re-resolve kernel-config/python/requirements.txt from requirements.in (needs the index)
lock:
	kernel-config/lock.sh

## student: student versions of every notebook (solutions replaced by stubs): exports/student/
student:
	go run ./kernel-config/cmd/student

## course: an nbgrader course directory for the notebooks: make course DIR=path/to/course
##         (nbgrader_config.py with the project's settings, source/hw2/*.ipynb, exchange/)
course: setup
	@[ -n "$(DIR)" ] || { echo "usage: make course DIR=path/to/course" >&2; exit 2; }
	go run ./kernel-config/cmd/course -dir "$(DIR)"

## nbgrader-meta: (re)write the notebooks' nbgrader cell metadata from the cells, keeping points
nbgrader-meta:
	go run ./kernel-config/cmd/annotate notebooks/*.ipynb
	$(PY) kernel-config/nbtool.py clean notebooks/*.ipynb

## pdf-latex: the LaTeX route (xelatex; installs TeX Live when missing): exports/NAME.tex.pdf
pdf-latex:
	kernel-config/setup.sh --latex
	go run ./kernel-config/cmd/export -reuse -formats latexpdf

## lint-math: check every formula under MathJax 3, MathJax 2 and xelatex's rules
lint-math: setup
	node kernel-config/node/mathlint.js notebooks/*.ipynb

## bench: per-cell notebook timings against a fmt-only cell behind the same set-up cell, with
##        the project settings and with GoNB's defaults; then the Go benchmarks
bench: setup
	$(PY) kernel-config/bench_cells.py notebooks/*.ipynb
	$(PY) kernel-config/bench_cells.py --baseline notebooks/*.ipynb
	go test -run='^$$' -bench=. -benchtime=3x ./hwkit/...

## fuzz: run every Fuzz function of the module for FUZZTIME each (default 10s; go test runs their
##       seed corpora anyway); a failing input is saved under the package's testdata/fuzz
FUZZTIME ?= 10s
fuzz:
	@set -euo pipefail; \
	targets="$$(go test -list '^Fuzz' ./... | awk '/^Fuzz/ { f[n++] = $$1 } /^ok/ { for (i = 0; i < n; i++) print $$2 " " f[i]; n = 0 }')"; \
	[ -n "$$targets" ] || { echo "fuzz: no Fuzz functions found" >&2; exit 1; }; \
	echo "$$targets" | while read -r pkg fn; do \
	  echo "== $$fn ($$pkg, $(FUZZTIME))"; \
	  go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) "$$pkg"; \
	done

## clean-notebooks: strip outputs and execution counts from the committed notebooks
clean-notebooks:
	$(PY) kernel-config/nbtool.py clean notebooks/*.ipynb

## clean: remove exports/ (keeps the built tools in .tools/)
clean:
	rm -rf exports
