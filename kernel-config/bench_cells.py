#!/usr/bin/env python3
"""bench_cells.py: time every code cell of notebooks run with the GoNB kernel.

    .venv/bin/python kernel-config/bench_cells.py [--baseline] [--repeat N] [--no-reference] NOTEBOOK...

Executes each notebook N times (default 2: the first run warms the Go build
cache, the cells of the later runs are the "warm" figures) with nbclient and reports, per
notebook, the wall time of the whole execution, the time of the first code
cell after the set-up cell, and the median, minimum and maximum warm cell time.

In the same run it executes a reference notebook: the first notebook's set-up
cell followed by cells that only import fmt and print a line. Its median warm
cell is the floor a cell can reach (GoNB's parse, goimports, go build and link
of a trivial program, and the round trip through Jupyter), and the summary
prints each notebook's median warm cell, the median over the warm cells of
all notebooks together, and each against that floor as a ratio. The
reference is run before the first notebook and again after the last one, so a
machine that gets busier or quieter during the run moves both figures alike.

--baseline strips the speed settings from the set-up cell (the %noautoget and
%goflags lines), of the notebooks and of the reference alike, which gives
GoNB's default behaviour for comparison.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient

SPEED_LINES = ("%noautoget", "%goflags")
# Cells of the reference notebook: fmt only, each printing a different line
# (a different program, so no build result can be reused from the cache).
REFERENCE_CELLS = 9


def setup_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and "goworkfix" in cell.source:
            return cell
    return None


def strip_speed_settings(nb):
    cell = setup_cell(nb)
    if cell is not None:
        lines = [l for l in cell.source.splitlines() if not l.strip().startswith(SPEED_LINES)]
        cell.source = "\n".join(lines)


def reference_notebook(path):
    """The set-up cell of the notebook at path, then fmt-only cells."""
    src = nbformat.read(path, as_version=4)
    nb = nbformat.v4.new_notebook(metadata=src.metadata)
    cell = setup_cell(src)
    if cell is None:
        sys.exit(f"bench_cells: {path} has no set-up cell (one with %goworkfix)")
    nb.cells.append(nbformat.v4.new_code_cell(cell.source))
    nb.cells.append(nbformat.v4.new_code_cell('import "fmt"'))
    for i in range(REFERENCE_CELLS):
        nb.cells.append(nbformat.v4.new_code_cell(f'%%\nfmt.Println("reference cell {i + 1}")'))
    return nb


def run_once(nb, path, baseline):
    if baseline:
        strip_speed_settings(nb)
    times = []
    start = {}

    def on_start(cell, cell_index):
        start[cell_index] = time.perf_counter()

    def on_done(cell, cell_index, execute_reply):
        times.append((cell_index, time.perf_counter() - start[cell_index], cell.source.splitlines()[:1]))

    client = NotebookClient(
        nb,
        kernel_name="gonb",
        timeout=600,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_start,
        on_cell_executed=on_done,
    )
    t0 = time.perf_counter()
    # The kernel logs every step on its standard error: keep it off the report.
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, times


def bench(name, make_nb, path, args, label):
    """Runs the notebook args.repeat times; returns the cell times of every run but the first."""
    warm = []
    for r in range(args.repeat):
        total, times = run_once(make_nb(), path, args.baseline)
        cells = [t for _, t, _ in times[1:]]  # skip the set-up cell
        if r > 0:
            warm.extend(cells)
        med = statistics.median(cells) if cells else 0
        print(f"{name} [{label}] run {r + 1}/{args.repeat}: total {total:.2f} s, "
              f"{len(cells)} cells after set-up: first {cells[0] if cells else 0:.3f} s, "
              f"median {med:.3f} s, min {min(cells, default=0):.3f} s, max {max(cells, default=0):.3f} s")
        if args.verbose:
            for i, t, src in times:
                print(f"    cell {i:3d} {t:7.3f} s  {src[0][:70] if src else ''}")
        sys.stdout.flush()
    return warm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", action="store_true", help="strip %%noautoget/%%goflags from the set-up cell")
    ap.add_argument("--repeat", type=int, default=2, help="executions per notebook (first warms the cache)")
    ap.add_argument("--no-reference", action="store_true", help="skip the fmt-only reference notebook")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every cell's time")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    if args.repeat < 2:
        ap.error("--repeat must be at least 2 (the first run only warms the build cache)")
    label = "baseline (GoNB defaults)" if args.baseline else "project settings"

    ref_path = args.notebooks[0]
    ref = []

    def reference():
        if not args.no_reference:
            ref.extend(bench("fmt-only reference", lambda: reference_notebook(ref_path), ref_path, args, label))

    reference()
    medians, pooled = [], []
    for path in args.notebooks:
        cells = bench(os.path.basename(path), lambda: nbformat.read(path, as_version=4), path, args, label)
        medians.append((os.path.basename(path), statistics.median(cells) if cells else 0))
        pooled.extend(cells)
    reference()

    print(f"summary [{label}], median warm cell:")
    floor = statistics.median(ref) if ref else 0
    if ref:
        print(f"  {'fmt-only reference cell':40s} {floor:.3f} s")

    def line(name, med):
        ratio = f"  {med / floor:.2f}x the fmt-only cell" if floor > 0 else ""
        print(f"  {name:40s} {med:.3f} s{ratio}")

    for name, med in medians:
        line(name, med)
    if len(medians) > 1:
        line(f"all {len(medians)} notebooks ({len(pooled)} cells)", statistics.median(pooled))


if __name__ == "__main__":
    main()
