package grade

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// Course is an nbgrader course directory of a test.
type testCourse struct {
	env nb.Env
	dir string
}

func newTestCourse(t *testing.T, notebooks map[string]*nb.Notebook) *testCourse {
	t.Helper()
	tools(t) // set up (or skip), grading cache warm
	repo, _ := nb.FindRepo(".")
	env, err := nb.FindEnv(repo)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var paths []string
	for name, n := range notebooks {
		p := filepath.Join(tmp, name+".ipynb")
		if err := n.Write(p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	c := &testCourse{env: env, dir: filepath.Join(tmp, "course")}
	if err := NewCourse(env, c.dir, "hw", "testcourse", paths); err != nil {
		t.Fatal(err)
	}
	return c
}

// nbgrader runs the project's nbgrader in the course directory.
func (c *testCourse) nbgrader(t *testing.T, args ...string) string {
	t.Helper()
	cmd := c.env.Command(t.Context(), c.dir, []string{"JUPYTER_CONFIG_DIR=" + filepath.Join(c.dir, ".jupyter")}, append([]string{"-m", "nbgrader"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nbgrader %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// submit puts a student's notebook where nbgrader collect puts it.
func (c *testCourse) submit(t *testing.T, student, name string, n *nb.Notebook) {
	t.Helper()
	dir := filepath.Join(c.dir, "submitted", student, "hw")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := n.Write(filepath.Join(dir, name+".ipynb")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "timestamp.txt"), []byte("2026-12-01 12:00:00.000000 UTC"), 0o644)
}

// scores returns the gradebook's auto scores: student → grade_id → score.
func (c *testCourse) scores(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	script := `import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook("sqlite:///" + sys.argv[1]) as gb:
    for student in gb.students:
        for nb in gb.find_submission("hw", student.id).notebooks:
            for g in nb.grades:
                out.setdefault(student.id, {})[g.name] = g.auto_score
print(json.dumps(out))`
	cmd := c.env.Command(t.Context(), c.dir, nil, "-c", script, filepath.Join(c.dir, "gradebook.db"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reading the gradebook: %v", err)
	}
	var m map[string]map[string]float64
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCourseFlow: the fixture through nbgrader's whole course flow:
// generate_assignment (the student version nbgrader writes equals the
// project's own, hidden tests removed), autograde of several submissions
// (the gradebook exact), generate_feedback.
func TestCourseFlow(t *testing.T) {
	c := newTestCourse(t, map[string]*nb.Notebook{"q0": fixture()})
	c.nbgrader(t, "generate_assignment", "hw")
	release, err := nb.Read(filepath.Join(c.dir, "release", "hw", "q0.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	ours, _, err := nb.StudentVersion(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(ours.Cells) != len(release.Cells) {
		t.Fatalf("%d cells in nbgrader's student version, %d in ours", len(release.Cells), len(ours.Cells))
	}
	for i := range ours.Cells {
		if got, want := release.Cells[i].Source, ours.Cells[i].Source; got != want {
			t.Errorf("cell %d: nbgrader's student version\n%s\nours\n%s", i, got, want)
		}
	}
	for _, c := range release.Cells {
		if strings.Contains(c.Source, "HIDDEN") || strings.Contains(c.Source, "m = max(m, x)") {
			t.Errorf("the student version shows a hidden test or a solution:\n%s", c.Source)
		}
	}

	// Submissions start from the released version.
	fill := func(answers map[string]string) *nb.Notebook {
		b, _ := release.Marshal()
		n, _ := nb.Parse(b)
		for _, c := range n.Cells {
			if src, ok := answers[GradeID(c)]; ok {
				c.Source = src
			}
		}
		return n
	}
	c.submit(t, "alice", "q0", fill(map[string]string{"sum-answer": sumAnswer, "max-answer": maxAnswer})) // fully correct
	c.submit(t, "bob", "q0", release)                                                                     // not answered
	c.submit(t, "carol", "q0", fill(map[string]string{                                                    // (a) tampered, (b) right
		"sum-answer": "func init() { fmt.Println(\"✓ your sum = 4\"); os.Exit(0) }\n" + sumAnswer, "max-answer": maxAnswer}))
	start := time.Now()
	c.nbgrader(t, "autograde", "hw")
	t.Logf("autograde of 3 submissions: %.1f s", time.Since(start).Seconds())
	want := map[string]map[string]float64{
		"alice": {"sum-test": 2, "max-test": 1},
		"bob":   {"sum-test": 0, "max-test": 0},
		"carol": {"sum-test": 0, "max-test": 1},
	}
	got := c.scores(t)
	for student, parts := range want {
		for part, score := range parts {
			if got[student][part] != score {
				t.Errorf("%s, %s: %v points, want %v", student, part, got[student][part], score)
			}
		}
	}
	c.nbgrader(t, "generate_feedback", "hw")
	fb, err := os.ReadFile(filepath.Join(c.dir, "feedback", "carol", "hw", "q0.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fb), "tampering") {
		t.Error("carol's feedback does not say why (a) got no points")
	}
	if keep := os.Getenv("HW2_KEEP_COURSE"); keep != "" {
		os.RemoveAll(keep)
		copyTree(c.dir, keep)
	}
}
