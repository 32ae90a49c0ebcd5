#!/usr/bin/env python3
"""nbtool.py: keep the committed notebooks clean.

    .venv/bin/python kernel-config/nbtool.py clean NOTEBOOK...     # rewrite in place
    .venv/bin/python kernel-config/nbtool.py clean --check NOTEBOOK...  # exit 1 if any would change

"clean" removes outputs, execution counts and per-run metadata (execution
timestamps, scroll/collapse state), makes sure every cell has an id, sets the
kernelspec to gonb, validates against the nbformat schema and writes the file
the way Jupyter does (nbformat.write), so a later save in Jupyter of an
unchanged notebook gives no diff.
"""
import sys

import nbformat
from nbformat.validator import normalize

KERNELSPEC = {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


def clean(nb):
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.setdefault("language_info", {})
    info.clear()
    info.update({"name": "go"})
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    _, nb = normalize(nb)  # adds missing cell ids
    nb = nbformat.from_dict(nb)
    nbformat.validate(nb)
    return nb


def main(argv):
    if not argv or argv[0] != "clean":
        print(__doc__, file=sys.stderr)
        return 2
    args = argv[1:]
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    dirty = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            before = f.read()
        nb = clean(nbformat.reads(before, as_version=4))
        after = nbformat.writes(nb) + "\n"
        if after != before:
            dirty.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(after)
    if dirty:
        verb = "not clean (run `make clean-notebooks`)" if check else "cleaned"
        for p in dirty:
            print(f"{p}: {verb}", file=sys.stderr)
    return 1 if (check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
