# Homework-2 notebooks on the GoNB kernel. The two commands:
#   make        set up what is missing, execute every notebook, export to exports/
#   make test   set up, go vet, go test (which executes every notebook)
SHELL := /bin/bash
PY = $$(cat .tools/python)

.PHONY: all run setup test notebook bench clean-notebooks clean

all: run

## run: install what is missing, register the kernel, execute and export every notebook
run: setup
	kernel-config/export.sh

## setup: Jupyter (Debian packages), pinned GoNB/goimports/gopls, kernelspec, warm build cache
setup:
	kernel-config/setup.sh

## test: setup, then go vet and go test (every notebook executed with GoNB, offline)
test: setup
	go vet ./...
	HW2_REQUIRE_NOTEBOOKS=1 go test -count=1 -timeout 60m ./...

## notebook: open the notebooks in Jupyter (http://127.0.0.1:8888)
notebook: setup
	cd notebooks && $(PY) -m notebook --no-browser --ip=127.0.0.1 --port=$${PORT:-8888}

## bench: per-cell notebook timings (project settings vs GoNB defaults) and Go benchmarks
bench: setup
	$(PY) kernel-config/bench_cells.py notebooks/*.ipynb
	$(PY) kernel-config/bench_cells.py --baseline notebooks/*.ipynb
	go test -run='^$$' -bench=. -benchtime=3x ./hwkit/...

## clean-notebooks: strip outputs and execution counts from the committed notebooks
clean-notebooks:
	$(PY) kernel-config/nbtool.py clean notebooks/*.ipynb

## clean: remove exports/ (keeps the built tools in .tools/)
clean:
	rm -rf exports
