#!/usr/bin/env python3
"""bench_cells.py: time every code cell of notebooks run with the GoNB kernel.

    .venv/bin/python kernel-config/bench_cells.py [--baseline] [--repeat N] [--no-reference] NOTEBOOK...

Executes each notebook N times (default 2: the first run warms the Go build
cache, the cells of the later runs are the "warm" figures) with nbclient and
reports, per notebook, the wall time of the whole execution, the time of the
first code cell after the set-up cell, and the median, minimum and maximum
warm cell time.

In the same run it executes a reference notebook: the first notebook's set-up
cell followed by cells that only import fmt and print a line. Its median warm
cell is the floor a cell can reach (GoNB's parse, goimports, go build and link
of a trivial program, and the round trip through Jupyter), and the summary
prints each notebook's median warm cell, the median over the warm cells of
all notebooks together, and each against that floor as a ratio. The
reference is run before the first notebook and again after the last one, so a
machine that gets busier or quieter during the run moves both figures alike.
Next to the wall time it prints the CPU time of the kernel and the processes
it waited for (go build, goimports, the cell's program), read from /proc: on
a shared machine that figure moves much less with the load. The pooled cells
are also split into those that call display or plot (tables, answer boxes,
plots) and the others.

--baseline strips the speed settings from the set-up cell (the %noautoget and
%goflags lines and its Go imports), of the notebooks and of the reference
alike, which gives GoNB's default behaviour for comparison.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient

# What --baseline keeps of the set-up cell: the lines that link the notebook
# to the repository. The rest (%noautoget, %goflags, the imports that keep
# goimports on its fast path) are speed settings.
KEEP_LINES = ("!", "%goworkfix")
# Cells of the reference notebook: fmt only, each printing a different line
# (a different program, so no build result can be reused from the cache).
REFERENCE_CELLS = 9


def setup_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and "goworkfix" in cell.source:
            return cell
    return None


def strip_speed_settings(nb):
    """Leaves the set-up cell only what links the repository (its ! lines and
    %goworkfix): no %noautoget, no %goflags and no Go imports."""
    cell = setup_cell(nb)
    if cell is not None:
        lines = [l for l in cell.source.splitlines() if l.startswith(KEEP_LINES)]
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


def kernel_cpu(client):
    """CPU seconds used so far by the kernel and its finished children (go build, goimports,
    the cell programs), from /proc; None where that is not available."""
    try:
        pid = client.km.provisioner.process.pid
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime, stime, cutime, cstime: fields 14-17 of stat(5), counted from the state (field 3).
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError):
        return None


def run_once(nb, path, baseline):
    if baseline:
        strip_speed_settings(nb)
    times = []
    start = {}
    client = None

    def on_start(cell, cell_index):
        start[cell_index] = (time.perf_counter(), kernel_cpu(client))

    def on_done(cell, cell_index, execute_reply):
        t0, c0 = start[cell_index]
        c1 = kernel_cpu(client)
        cpu = c1 - c0 if c0 is not None and c1 is not None else None
        times.append((cell_index, time.perf_counter() - t0, cpu, cell.source.splitlines()[:1],
                      "display." in cell.source or "plot." in cell.source))

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
    """Runs the notebook args.repeat times; returns (wall, cpu, calls display) for the cells of
    every run but the first."""
    warm = []
    for r in range(args.repeat):
        total, times = run_once(make_nb(), path, args.baseline)
        cells = [(t, c, d) for _, t, c, _, d in times[1:]]  # skip the set-up cell
        if r > 0:
            warm.extend(cells)
        wall = [t for t, _, _ in cells]
        med = statistics.median(wall) if wall else 0
        print(f"{name} [{label}] run {r + 1}/{args.repeat}: total {total:.2f} s, "
              f"{len(wall)} cells after set-up: first {wall[0] if wall else 0:.3f} s, "
              f"median {med:.3f} s, min {min(wall, default=0):.3f} s, max {max(wall, default=0):.3f} s")
        if args.verbose:
            for i, t, c, src, _ in times:
                cpu = f"{c:6.2f} s CPU" if c is not None else ""
                print(f"    cell {i:3d} {t:7.3f} s {cpu}  {src[0][:70] if src else ''}")
        sys.stdout.flush()
    return warm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", action="store_true", help="strip %%noautoget, %%goflags and the imports from the set-up cell")
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
    per_notebook, pooled = [], []
    for path in args.notebooks:
        cells = bench(os.path.basename(path), lambda: nbformat.read(path, as_version=4), path, args, label)
        per_notebook.append((os.path.basename(path), cells))
        pooled.extend(cells)
    reference()

    print(f"summary [{label}], median warm cell (wall time; CPU time of the kernel and its children):")
    floor, floor_cpu = medians_of(ref)

    def line(name, cells):
        wall, cpu = medians_of(cells)
        out = f"  {name:40s} {wall:.3f} s"
        if floor > 0 and cells is not ref:
            out += f" {wall / floor:5.2f}x"
        if cpu is not None:
            out += f"   CPU {cpu:.3f} s"
            if floor_cpu and cells is not ref:
                out += f" {cpu / floor_cpu:5.2f}x"
        print(out)

    if ref:
        line("fmt-only reference cell", ref)
    for name, cells in per_notebook:
        line(name, cells)
    if len(per_notebook) > 1:
        line(f"all {len(per_notebook)} notebooks ({len(pooled)} cells)", pooled)
    shows = [c for c in pooled if c[2]]
    others = [c for c in pooled if not c[2]]
    if shows and others:
        line(f"  cells that call display or plot ({len(shows)})", shows)
        line(f"  the other cells ({len(others)})", others)


def medians_of(cells):
    """The median wall time and the median CPU time (None if unknown) of (wall, cpu, ...) cells."""
    if not cells:
        return 0, None
    cpu = [c[1] for c in cells if c[1] is not None]
    return statistics.median(c[0] for c in cells), statistics.median(cpu) if cpu else None


if __name__ == "__main__":
    main()
