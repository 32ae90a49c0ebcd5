#!/usr/bin/env python3
"""bench_cells.py: time every code cell of notebooks run with the GoNB kernel.

    .venv/bin/python kernel-config/bench_cells.py [--baseline] [--repeat N] NOTEBOOK...

Executes each notebook N times (default 2: the first run warms the Go build
cache, the later runs are the "warm" figures) with nbclient and reports, per
notebook, the wall time of the whole execution, the time of the first code
cell after the set-up cell, and the median, minimum and maximum warm cell time.

--baseline strips the speed settings from the set-up cell (the %noautoget and
%goflags lines), which gives GoNB's default behaviour for comparison.
"""
import argparse
import os
import statistics
import sys
import time

import nbformat
from nbclient import NotebookClient

SPEED_LINES = ("%noautoget", "%goflags")


def strip_speed_settings(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and "goworkfix" in cell.source:
            lines = [l for l in cell.source.splitlines() if not l.strip().startswith(SPEED_LINES)]
            cell.source = "\n".join(lines)
            return


def run_once(path, baseline):
    nb = nbformat.read(path, as_version=4)
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
    client.execute()
    return time.perf_counter() - t0, times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", action="store_true", help="strip %%noautoget/%%goflags from the set-up cell")
    ap.add_argument("--repeat", type=int, default=2, help="executions per notebook (first warms the cache)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every cell's time")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    label = "baseline (GoNB defaults)" if args.baseline else "project settings"
    for path in args.notebooks:
        for r in range(args.repeat):
            total, times = run_once(path, args.baseline)
            cells = [t for _, t, _ in times[1:]]  # skip the set-up cell
            med = statistics.median(cells) if cells else 0
            print(f"{os.path.basename(path)} [{label}] run {r + 1}/{args.repeat}: total {total:.2f} s, "
                  f"{len(cells)} cells after set-up: first {cells[0] if cells else 0:.3f} s, "
                  f"median {med:.3f} s, min {min(cells, default=0):.3f} s, max {max(cells, default=0):.3f} s")
            if args.verbose:
                for i, t, src in times:
                    print(f"    cell {i:3d} {t:7.3f} s  {src[0][:70] if src else ''}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
