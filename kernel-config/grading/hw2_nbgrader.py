"""nbgrader for the homework-2 Go notebooks: configuration and the two
preprocessors that make autograding trustworthy.

A course's nbgrader_config.py loads it with

    import sys; sys.path.insert(0, "REPO/kernel-config/grading")
    import hw2_nbgrader
    hw2_nbgrader.configure(get_config(), repo="REPO")

(`make course` writes that file). What it sets:

- Go's code stub and the language-neutral markers of the notebooks:
  `// BEGIN SOLUTION` / `<!-- BEGIN SOLUTION -->` regions become
  `// TODO: your code here` / `*Your derivation here.*` (what the project's
  own student command writes), `// BEGIN HIDDEN TESTS` regions leave the
  student version and come back when grading.
- autograde: after nbgrader's own sanitizing (fresh outputs, the kernelspec
  and every locked and test cell put back from the source), RecordChanges
  notes which locked or test cells the student had changed, and
  GradeInSandbox replaces nbgrader's Execute: kernel-config/cmd/grade runs
  the submission in the GoNB kernel inside a sandbox, grades each part with
  the instructor's checker against the student's answers run in a sandbox,
  and writes each test cell's verdict as its output. nbgrader then scores
  the test cells as always (an error output scores 0).
- generate_feedback: the feedback's math is typeset to static SVG (no
  MathJax from a CDN), like the HTML exports.
"""
import os
import re
import subprocess
import tempfile

import nbformat
from nbconvert.exporters import HTMLExporter
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

CODE_STUB = "// TODO: your code here"
TEXT_STUB = "*Your derivation here.*"
HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"


def without_hidden_tests(source):
    """The text of a cell without its hidden-test regions, as the student
    version has it."""
    out, hidden = [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


class RecordChanges(NbGraderPreprocessor):
    """Before nbgrader puts the locked and test cells back from the source,
    note which of them the student changed or deleted, in the notebook's
    metadata (hw2.changed): those parts get no points."""

    def preprocess(self, nb, resources):
        notebook_id = resources["nbgrader"]["notebook"]
        assignment_id = resources["nbgrader"]["assignment"]
        changed = []
        seen = set()
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            for cell in nb.cells:
                if not (utils.is_locked(cell) or utils.is_grade(cell)) or utils.is_solution(cell):
                    continue
                grade_id = cell.metadata.nbgrader.get("grade_id", "")
                seen.add(grade_id)
                try:
                    source = gb.find_source_cell(grade_id, notebook_id, assignment_id)
                except MissingEntry:
                    continue
                if without_hidden_tests(source.source).rstrip() != cell.source.rstrip():
                    changed.append(grade_id)
            for source in gb.find_notebook(notebook_id, assignment_id).source_cells:
                if source.locked and source.name not in seen:
                    changed.append(source.name)  # deleted
        nb.metadata.setdefault("hw2", {})["changed"] = sorted(set(changed))
        return nb, resources


class GradeInSandbox(NbGraderPreprocessor):
    """Replaces nbgrader's Execute: grade the submission with
    kernel-config/cmd/grade (sandboxed kernel run for the feedback, trusted
    checkers for the points)."""

    repo = Unicode("", help="The repository of the notebooks (holds .tools/bin/hw2grade)").tag(config=True)
    timeout = Integer(600, help="Seconds for grading one notebook").tag(config=True)

    def preprocess(self, nb, resources):
        coursedir = CourseDirectory(parent=self)
        assignment_id = resources["nbgrader"]["assignment"]
        notebook_id = resources["nbgrader"]["notebook"]
        source = os.path.join(coursedir.format_path(coursedir.source_directory, ".", assignment_id),
                              notebook_id + ".ipynb")
        changed = nb.metadata.get("hw2", {}).get("changed", [])
        with tempfile.TemporaryDirectory(prefix="hw2-nbgrader-") as tmp:
            sub, out = os.path.join(tmp, "submission.ipynb"), os.path.join(tmp, "graded.ipynb")
            nbformat.write(nb, sub)
            cmd = [os.path.join(self.repo, ".tools", "bin", "hw2grade"), "-source", source,
                   "-submission", sub, "-out", out, "-changed", ",".join(changed)]
            proc = subprocess.run(cmd, cwd=self.repo, capture_output=True, text=True, timeout=self.timeout)
            for line in proc.stderr.splitlines():
                self.log.info("%s", line)
            if proc.returncode != 0:
                raise RuntimeError("hw2grade failed:\n" + proc.stderr[-3000:])
            graded = nbformat.read(out, as_version=4)
        graded.metadata.pop("hw2", None)
        return graded, resources


_MATHJAX_RE = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


class TypesetHTMLExporter(HTMLExporter):
    """nbgrader's feedback HTML, with its math typeset to static SVG by the
    project's MathJax 3 (kernel-config/node/typeset.js, as the HTML exports)
    instead of MathJax 2 fetched from a CDN: the feedback needs no network
    and renders its formulas the same everywhere."""

    repo = Unicode("", help="The repository of the notebooks").tag(config=True)

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources, **kw)
        html = _MATHJAX_RE.sub("", html)
        with tempfile.TemporaryDirectory(prefix="hw2-feedback-") as tmp:
            raw, out = os.path.join(tmp, "raw.html"), os.path.join(tmp, "out.html")
            with open(raw, "w", encoding="utf-8") as f:
                f.write(html)
            proc = subprocess.run(["node", os.path.join(self.repo, "kernel-config", "node", "typeset.js"), raw, out],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError("typesetting the feedback's math failed:\n" + proc.stderr[-2000:])
            with open(out, encoding="utf-8") as f:
                html = f.read()
        return html, resources


def configure(c, repo):
    """Configure nbgrader (the config object c of nbgrader_config.py) for the
    homework's Go notebooks in the repository repo."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                        SaveAutoGrades)

    c.ClearSolutions.code_stub = {"go": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
    c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
    c.ClearHiddenTests.begin_test_delimeter = HIDDEN_BEGIN
    c.ClearHiddenTests.end_test_delimeter = HIDDEN_END
    # The source's grade cells come back when a student deleted them.
    c.OverwriteCells.add_missing_cells = True
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RecordChanges,
                                          OverwriteCells, CheckCellMetadata]
    c.Autograde.autograde_preprocessors = [GradeInSandbox, IgnorePattern, ClearMetadataPreprocessor,
                                           LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    c.GradeInSandbox.repo = repo
    c.GenerateFeedback.exporter_class = TypesetHTMLExporter
    c.TypesetHTMLExporter.repo = repo
    # The project's Jupyter: its gonb kernelspec wins over any other.
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
