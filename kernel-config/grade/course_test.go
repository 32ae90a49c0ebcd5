package grade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

// testCourse is a Course of a test, failing the test on errors.
type testCourse struct{ Course }

func newTestCourse(t *testing.T, notebooks map[string]*nb.Notebook) *testCourse {
	t.Helper()
	tools(t) // set up (or skip), grading cache warm
	repo, _ := runner.FindRepo(".")
	env, err := runner.FindEnv(repo)
	if err != nil {
		t.Fatal(err)
	}
	if err := BuildGrader(t.Context(), env); err != nil {
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
	c := &testCourse{Course{Env: env, Dir: filepath.Join(tmp, "course"), Assignment: "hw"}}
	if err := NewCourse(env, c.Dir, "hw", "testcourse", paths); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *testCourse) nbgrader(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.NBGrader(t.Context(), args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (c *testCourse) submit(t *testing.T, student, name string, n *nb.Notebook) {
	t.Helper()
	if err := c.Submit(student, name, n); err != nil {
		t.Fatal(err)
	}
}

func (c *testCourse) scores(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	m, err := c.Scores(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for s, grades := range m {
		out[s] = map[string]float64{}
		for id, v := range grades {
			if v != nil {
				out[s][id] = *v
			}
		}
	}
	return out
}

// TestCourseFlow: the fixture through nbgrader's whole course flow:
// generate_assignment (the student version nbgrader writes equals the
// project's own, hidden tests removed), autograde of a set of synthetic
// submissions — fully correct, not answered, partly wrong, correct by
// another route, a compile error in one part, an infinite loop, a memory
// hog, reading the solutions, deleting files outside the sandbox, and five
// ways of tampering with the checks — with the gradebook checked exactly,
// then generate_feedback.
func TestCourseFlow(t *testing.T) {
	c := newTestCourse(t, map[string]*nb.Notebook{"q0": fixture()})
	c.nbgrader(t, "generate_assignment", "hw")
	release, err := nb.Read(filepath.Join(c.Dir, "release", "hw", "q0.ipynb"))
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
	outside := filepath.Join(c.Dir, "gradebook.db")
	sumWith := func(body string) string { return "func yourSum(a []float64) (s float64) {\n" + body + "\n}" }
	correct := map[string]string{"sum-answer": sumAnswer, "max-answer": maxAnswer}
	with := func(part, src string) map[string]string {
		m := map[string]string{"sum-answer": sumAnswer, "max-answer": maxAnswer}
		m[part] = src
		return m
	}
	// One submission per kind, with the gradebook's scores it must get
	// (sum-test is worth 2 points, max-test 1).
	subs := []struct {
		student string
		answers map[string]string
		sum     float64
		max     float64
		edit    func(n *nb.Notebook) // a change to a locked or test cell
	}{
		{"correct", correct, 2, 1, nil},
		{"unanswered", nil, 0, 0, nil},
		{"partly-wrong", with("max-answer", "func yourMax(a []float64) (m float64) { return a[len(a)-1] }"), 2, 0, nil},
		{"another-route", with("sum-answer", sumWith("return floats.Sum(a)")), 2, 1, nil},
		{"compile-error", with("sum-answer", sumWith("return s +")), 0, 1, nil},
		{"infinite-loop", with("sum-answer", sumWith("for {\n}")), 0, 1, nil},
		{"memory-hog", with("sum-answer", sumWith("var b [][]byte\nfor {\n\tb = append(b, make([]byte, 1<<26))\n\tb[len(b)-1][0] = 1\n}")), 0, 1, nil},
		{"reads-solutions", with("sum-answer", sumWith("b, err := os.ReadFile(\""+filepath.Join(c.Dir, "source", "hw", "q0.ipynb")+"\")\nif err != nil {\n\tpanic(err)\n}\nreturn float64(len(b))")), 0, 1, nil},
		{"deletes-files", with("sum-answer", sumWith("os.RemoveAll(\""+outside+"\")\nos.RemoveAll(\""+filepath.Join(c.Dir, "source")+"\")\nfor _, x := range a {\n\ts += x\n}\nreturn s")), 2, 1, nil},
		{"tamper-init", with("sum-answer", "func init() { fmt.Println(\"✓ your sum = 4\"); os.Exit(0) }\n"+sumAnswer), 0, 1, nil},
		{"tamper-redefine", with("sum-answer", "type fake struct{}\n\nfunc (fake) ReportOrExit(...any) {}\n\nvar check fake\n"+sumAnswer), 0, 1, nil},
		{"tamper-exit", with("max-answer", "func yourMax(a []float64) (m float64) {\n\tfmt.Println(\"✓ your max = 3\")\n\tos.Exit(0)\n\treturn\n}"), 2, 0, nil},
		{"tamper-locked", correct, 2, 0, func(n *nb.Notebook) {
			for _, cl := range n.Cells {
				if GradeID(cl) == "max-test" {
					cl.Source = "%%\nfmt.Println(\"✓ your max\")"
				}
			}
		}},
		{"tamper-params", correct, 0, 0, func(n *nb.Notebook) {
			for _, cl := range n.Cells {
				if GradeID(cl) == "parameters" {
					cl.Source = strings.Replace(cl.Source, "{3, -1, 2}", "{1}", 1)
				}
			}
		}},
	}
	for _, s := range subs {
		n := fill(s.answers)
		if s.answers == nil {
			n = release
		}
		if s.edit != nil {
			s.edit(n)
		}
		c.submit(t, s.student, "q0", n)
	}
	start := time.Now()
	c.nbgrader(t, "autograde", "hw")
	t.Logf("autograde of %d submissions: %.1f s, %.1f s each", len(subs), time.Since(start).Seconds(), time.Since(start).Seconds()/float64(len(subs)))
	got := c.scores(t)
	for _, s := range subs {
		if g := got[s.student]; g["sum-test"] != s.sum || g["max-test"] != s.max {
			t.Errorf("%s: sum-test %v, max-test %v; want %v, %v", s.student, g["sum-test"], g["max-test"], s.sum, s.max)
		}
	}
	for _, f := range []string{outside, filepath.Join(c.Dir, "source", "hw", "q0.ipynb")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("a submission deleted %s: %v", f, err)
		}
	}
	c.nbgrader(t, "generate_feedback", "hw")
	fb, err := os.ReadFile(filepath.Join(c.Dir, "feedback", "tamper-init", "hw", "q0.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fb), "tampering") {
		t.Error("the feedback does not say why (a) got no points")
	}
	if keep := os.Getenv("HW2_KEEP_COURSE"); keep != "" {
		os.RemoveAll(keep)
		copyTree(c.Dir, keep)
	}
}
