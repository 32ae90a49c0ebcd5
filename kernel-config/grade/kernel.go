package grade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// RunKernel executes the submission in the GoNB kernel inside a sandbox,
// for the feedback: every cell's output as the student would see it. The
// hidden tests are left out (the student's code never sees them); each cell
// may run Limits.Cell, the whole Limits.Notebook. The notebook sits at its
// place in the repository (the set-up cell finds hwkit from there), alone:
// the repository's own notebooks are not in the sandbox.
func (t Tools) RunKernel(ctx context.Context, sub *nb.Notebook, work string) (*nb.Notebook, error) {
	scratch := filepath.Join(work, "kernel")
	nbdir := filepath.Join(scratch, "notebooks")
	for _, d := range []string{nbdir, filepath.Join(scratch, "home")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	run, err := nb.Parse(mustMarshal(sub))
	if err != nil {
		return nil, err
	}
	for _, c := range run.Cells {
		if RoleOf(c) == Test {
			c.Source = WithoutHiddenTests(c.Source)
		}
		c.Outputs, c.ExecutionCount = nil, nil
	}
	if err := run.Write(filepath.Join(nbdir, "submission.ipynb")); err != nil {
		return nil, err
	}
	cache, err := t.scratchCache(scratch)
	if err != nil {
		return nil, err
	}
	inside := filepath.Join(t.Repo, "notebooks")
	sb := t.sandbox(scratch, filepath.Join(t.Repo, ".venv"), filepath.Join(t.Repo, ".tools", "bin"))
	sb.Writable = map[string]string{nbdir: inside}
	sb.Dir = inside
	jup := filepath.Join(scratch, "jupyter")
	sb.Env = []string{
		"HOME=" + filepath.Join(scratch, "home"),
		"PATH=" + filepath.Join(t.Repo, ".tools", "bin") + ":" + filepath.Join(t.GOROOT, "bin") + ":/usr/bin:/bin",
		"JUPYTER_PREFER_ENV_PATH=1", "JUPYTER_DATA_DIR=" + jup + "/data", "JUPYTER_RUNTIME_DIR=" + jup + "/runtime",
		"JUPYTER_CONFIG_DIR=" + jup + "/config", "GOROOT=" + t.GOROOT, "GOMODCACHE=" + t.ModCache,
		"GOCACHE=" + cache, "GOPROXY=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOTELEMETRY=off",
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	}
	ctx, cancel := context.WithTimeout(ctx, t.Limits.Notebook)
	defer cancel()
	cmd, err := sb.Command(ctx, t.Python, "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.kernel_name=gonb",
		"--ExecutePreprocessor.timeout="+strconv.Itoa(int(t.Limits.Cell.Seconds())),
		"--ExecutePreprocessor.interrupt_on_timeout=True",
		"--ExecutePreprocessor.record_timing=False",
		"--output-dir", inside, "--output", "executed", filepath.Join(inside, "submission.ipynb"))
	if err != nil {
		return nil, err
	}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("the notebook did not finish within %v", t.Limits.Notebook)
	}
	if err != nil {
		return nil, fmt.Errorf("running the notebook: %v\n%s", err, tailLines(string(out), 20))
	}
	return nb.Read(filepath.Join(nbdir, "executed.ipynb"))
}

func mustMarshal(n *nb.Notebook) []byte {
	b, err := n.Marshal()
	if err != nil {
		panic(err) // a notebook read by nb always marshals
	}
	return b
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Grade grades a submission of the source notebook: the kernel run for the
// feedback, then every part by its checker. changed lists the grade_ids of
// the locked and test cells the submission changed (nbgrader has put the
// source's back): a changed cell costs its part the points, a changed cell
// before the first answer every part. It returns the notebook for the
// feedback (the kernel run's outputs, each test cell with the source's
// text and the checker's verdict as its output) and the verdicts.
func (t Tools) Grade(ctx context.Context, source, sub *nb.Notebook, changed []string, work string) (*nb.Notebook, []Verdict, error) {
	parts, err := Parts(source)
	if err != nil {
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("grade: the source notebook has no autograded test cell")
	}
	touched := map[int]string{}
	firstAnswer := parts[0].Test
	if len(parts[0].Answers) > 0 {
		firstAnswer = parts[0].Answers[0]
	}
	for _, id := range changed {
		for i, c := range source.Cells {
			if GradeID(c) != id {
				continue
			}
			for k, p := range parts {
				if i < firstAnswer || (i >= p.First && i <= p.Test) {
					touched[k] = id
				}
			}
		}
	}
	start := time.Now()
	executed, err := t.RunKernel(ctx, sub, work)
	t.logf("kernel run: %.1f s (%v)", time.Since(start).Seconds(), err)
	if err != nil {
		executed, _ = nb.Parse(mustMarshal(sub))
		for _, c := range executed.Cells {
			c.Outputs, c.ExecutionCount = nil, nil
		}
		if len(executed.Cells) > 0 {
			executed.Cells[0].Outputs = []nb.Output{{OutputType: "stream", Name: "stdout",
				Text: "The notebook could not run to the end in the grader: " + err.Error() + "\n"}}
		}
	}
	var verdicts []Verdict
	cells := byID(executed)
	for k, p := range parts {
		start := time.Now()
		v := t.GradePart(ctx, source, sub, p, work, touched[k])
		t.logf("part %s: %.1f s", p.ID, time.Since(start).Seconds())
		verdicts = append(verdicts, v)
		c, ok := cells[p.ID]
		if !ok {
			continue
		}
		c.Source = source.Cells[p.Test].Source
		c.Outputs = v.outputs()
	}
	return executed, verdicts, nil
}

// outputs are the test cell's outputs for the feedback: the checker's lines,
// and an error output when the part failed (which nbgrader scores 0).
func (v Verdict) outputs() []nb.Output {
	var outs []nb.Output
	if v.Output != "" {
		outs = append(outs, nb.Output{OutputType: "stream", Name: "stdout", Text: v.Output + "\n"})
	}
	if !v.Passed {
		reason := v.Reason
		if reason == "" {
			reason = "a check failed"
		}
		outs = append(outs, nb.Output{OutputType: "error", Ename: "NotPassed", Evalue: reason, Traceback: []string{"NotPassed: " + reason}})
	}
	return outs
}

func (t Tools) logf(format string, args ...any) {
	if t.Log != nil {
		t.Log(format, args...)
	}
}
