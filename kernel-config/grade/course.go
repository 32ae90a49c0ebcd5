package grade

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

const configTemplate = `# nbgrader configuration of a course on the homework-2 Go notebooks
# (written by go run ./kernel-config/cmd/course).
import sys

sys.path.insert(0, %q)
import hw2_nbgrader  # noqa: E402

c = get_config()  # noqa: F821
c.CourseDirectory.root = %q
c.CourseDirectory.course_id = %q
c.Exchange.root = %q
hw2_nbgrader.configure(c, repo=%q)
`

// NewCourse makes an nbgrader course directory dir for the notebooks (paths)
// of the repository env.Repo: dir/nbgrader_config.py with the project's
// settings (kernel-config/grading/hw2_nbgrader.py), the notebooks in
// dir/source/ASSIGNMENT/, and dir/exchange for release, fetch and submit.
func NewCourse(env runner.Env, dir, assignment, course string, notebooks []string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	src := filepath.Join(dir, "source", assignment)
	for _, d := range []string{src, filepath.Join(dir, "exchange")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for _, n := range notebooks {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(src, filepath.Base(n)), b, 0o644); err != nil {
			return err
		}
	}
	cfg := fmt.Sprintf(configTemplate, env.Config("grading"), dir, course, filepath.Join(dir, "exchange"), env.Repo)
	return os.WriteFile(filepath.Join(dir, "nbgrader_config.py"), []byte(cfg), 0o644)
}

// Course is an nbgrader course directory made by NewCourse, driven with the
// project's nbgrader.
type Course struct {
	Env        runner.Env
	Dir        string
	Assignment string
}

// NBGrader runs `nbgrader ARGS` in the course directory (Jupyter's user
// configuration kept out: JUPYTER_CONFIG_DIR inside the course) and returns
// its output.
func (c Course) NBGrader(ctx context.Context, args ...string) (string, error) {
	cmd := c.Env.Command(ctx, c.Dir, []string{"JUPYTER_CONFIG_DIR=" + filepath.Join(c.Dir, ".jupyter")},
		append([]string{"-m", "nbgrader"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("nbgrader %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// Submit puts a student's notebook NAME.ipynb where nbgrader's collect puts
// it (submitted/STUDENT/ASSIGNMENT/, with a timestamp).
func (c Course) Submit(student, name string, n *nb.Notebook) error {
	dir := filepath.Join(c.Dir, "submitted", student, c.Assignment)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := n.Write(filepath.Join(dir, name+".ipynb")); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "timestamp.txt"), []byte("2026-12-01 12:00:00.000000 UTC"), 0o644)
}

// Scores returns the gradebook's scores of the assignment's autograded and
// hand-graded cells: student → grade_id → auto score (nil when it waits for
// the hand grading).
func (c Course) Scores(ctx context.Context) (map[string]map[string]*float64, error) {
	script := `import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook("sqlite:///" + sys.argv[1]) as gb:
    for student in gb.students:
        for nb in gb.find_submission(sys.argv[2], student.id).notebooks:
            for g in nb.grades:
                out.setdefault(student.id, {})[g.name] = g.auto_score
print(json.dumps(out))`
	cmd := c.Env.Command(ctx, c.Dir, nil, "-c", script, filepath.Join(c.Dir, "gradebook.db"), c.Assignment)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("reading the gradebook: %v", err)
	}
	var m map[string]map[string]*float64
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, err
	}
	return m, nil
}
