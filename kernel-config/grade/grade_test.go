package grade

import (
	"cmp"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

const setupCell = "!*[ -f go.work ] || go work init; go work use . \"$(cd \"$GONB_DIR\" && dirname \"$(GOWORK=off go env GOMOD)\")\"\n%goworkfix\n%noautoget\n%goflags -gcflags=all=-dwarf=false \"-ldflags=-s -w\"\nimport \"flag\""

func cell(kind, src string, nbg map[string]any) *nb.Cell {
	c := &nb.Cell{CellType: kind, Source: src, Metadata: map[string]any{}}
	if nbg != nil {
		nbg["schema_version"] = 3.0
		c.Metadata["nbgrader"] = nbg
	}
	return c
}

func locked(id string) map[string]any {
	return map[string]any{"grade": false, "solution": false, "locked": true, "grade_id": id}
}
func answer(id string) map[string]any {
	return map[string]any{"grade": false, "solution": true, "locked": false, "grade_id": id}
}
func test(id string, points float64) map[string]any {
	return map[string]any{"grade": true, "solution": false, "locked": true, "grade_id": id, "points": points}
}

// sumAnswer and maxAnswer are the instructor's solutions of the fixture.
const (
	sumAnswer = "// yourSum returns the sum of the entries of a.\nfunc yourSum(a []float64) (s float64) {\n\t// BEGIN SOLUTION\n\tfor _, x := range a {\n\t\ts += x\n\t}\n\t// END SOLUTION\n\treturn s\n}"
	maxAnswer = "// yourMax returns the largest entry of a.\nfunc yourMax(a []float64) (m float64) {\n\t// BEGIN SOLUTION\n\tm = a[0]\n\tfor _, x := range a[1:] {\n\t\tm = max(m, x)\n\t}\n\t// END SOLUTION\n\treturn m\n}"
)

// fixture is a small notebook with two autograded parts, each with hidden
// tests, in the shape of the homework's notebooks.
func fixture() *nb.Notebook {
	return &nb.Notebook{NBFormat: 4, NBFormatMinor: 5,
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}},
		Cells: []*nb.Cell{
			cell("markdown", "# Sums and maxima", nil),
			cell("code", setupCell, locked("setup")),
			cell("code", "import (\n\t\"github.com/dl-course/hw2/hwkit/check\"\n\t\"gonum.org/v1/gonum/floats\"\n)\n\nvar a = []float64{3, -1, 2}", locked("parameters")),
			cell("markdown", "**(a)** Sum the entries.", nil),
			cell("code", sumAnswer, answer("sum-answer")),
			cell("code", "%%\ncheck.ReportOrExit(check.AnswerScalar(\"your sum\", yourSum(a), floats.Sum(a), check.Rel(1e-12), \"add them\"))\n// BEGIN HIDDEN TESTS\nfor _, x := range [][]float64{{1, 2}, {-5, 0.5, 7}} {\n\tcheck.ReportOrExit(check.AnswerScalar(\"your sum of another a\", yourSum(x), floats.Sum(x), check.Rel(1e-12), \"\"))\n}\n// END HIDDEN TESTS", test("sum-test", 2)),
			cell("markdown", "**(b)** The largest entry.", nil),
			cell("code", maxAnswer, answer("max-answer")),
			cell("code", "%%\ncheck.ReportOrExit(check.AnswerScalar(\"your max\", yourMax(a), floats.Max(a), check.Rel(0), \"\"))\n// BEGIN HIDDEN TESTS\ncheck.ReportOrExit(check.AnswerScalar(\"your max of [-3, -7]\", yourMax([]float64{-3, -7}), -3, check.Rel(0), \"\"))\n// END HIDDEN TESTS", test("max-test", 1)),
		}}
}

// submission returns a copy of the fixture with the answer cells' sources
// replaced (by grade_id).
func submission(t *testing.T, answers map[string]string) *nb.Notebook {
	t.Helper()
	b, _ := fixture().Marshal()
	n, err := nb.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range n.Cells {
		if src, ok := answers[GradeID(c)]; ok {
			c.Source = src
		}
	}
	return n
}

func TestParts(t *testing.T) {
	parts, err := Parts(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 || parts[0].ID != "sum-test" || parts[0].Points != 2 || parts[1].ID != "max-test" {
		t.Fatalf("parts %+v", parts)
	}
	if len(parts[0].Funcs) != 1 || parts[0].Funcs[0].name != "yourSum" || strings.Join(parts[0].Funcs[0].params, ",") != "[]float64" || strings.Join(parts[0].Funcs[0].results, ",") != "float64" {
		t.Errorf("part (a) funcs %+v", parts[0].Funcs)
	}
	if parts[1].First != 6 || len(parts[1].Answers) != 1 || parts[1].Answers[0] != 7 {
		t.Errorf("part (b) %+v", parts[1])
	}
}

func TestWithoutHiddenTests(t *testing.T) {
	got := WithoutHiddenTests("a\n// BEGIN HIDDEN TESTS\nsecret\n// END HIDDEN TESTS\nb")
	if got != "a\nb" {
		t.Errorf("got %q", got)
	}
}

func TestAnswerProblems(t *testing.T) {
	names := notebookNames(fixture())
	for _, tc := range []struct {
		src, tamper string
	}{
		{sumAnswer, ""},
		{"func init() { println(\"✓\") }\n" + sumAnswer, "declares func init"},
		{"func main() {}\n" + sumAnswer, "declares func main"},
		{"var check = 1\n" + sumAnswer, "redeclares check"},
		{"var a = []float64{1}\n" + sumAnswer, "redeclares a"},
		{"func yourSum(a []float64) float64 { return floats.Sum(a) }", ""},
		{"func yourSum(a []float64) float64 {", ""}, // a compile error, not tampering
	} {
		got := strings.Join(answerProblems(tc.src, names), "; ")
		if (tc.tamper == "") != (got == "") || !strings.Contains(got, tc.tamper) {
			t.Errorf("%q: tampering %q, want %q", tc.src, got, tc.tamper)
		}
	}
}

// tools returns the grading tools of the repository, or skips when it is
// not set up (fails under CI=true or HW2_REQUIRE_NOTEBOOKS=1).
func tools(t *testing.T) Tools {
	t.Helper()
	repo, err := runner.FindRepo(".")
	if err != nil {
		t.Fatal(err)
	}
	env, err := runner.FindEnv(repo)
	var tl Tools
	if err == nil {
		tl, err = NewTools(env)
	}
	if err != nil {
		if errors.Is(err, runner.ErrNotSetUp) && os.Getenv("CI") != "true" && os.Getenv("HW2_REQUIRE_NOTEBOOKS") != "1" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	tl.Limits.Call = 5 * time.Second
	if err := tl.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tl
}

// TestGradeParts grades submissions of the fixture part by part (without
// the kernel run) and requires each verdict.
func TestGradeParts(t *testing.T) {
	tl := tools(t)
	src := fixture()
	parts, err := Parts(src)
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(outside, []byte("the gradebook"), 0o644); err != nil {
		t.Fatal(err)
	}
	sumWith := func(body string) string {
		return "func yourSum(a []float64) (s float64) {\n" + body + "\n}"
	}
	for _, tc := range []struct {
		name     string
		answers  map[string]string
		pass     []bool // per part
		reason   []string
		output   string // in part (a)'s output
		afterAll func(t *testing.T)
	}{
		{name: "correct", answers: nil, pass: []bool{true, true}, output: "✓ your sum of another a"},
		{name: "correct by another route", answers: map[string]string{"sum-answer": sumWith("return floats.Sum(a)")}, pass: []bool{true, true}},
		{name: "only visible parameters", answers: map[string]string{"sum-answer": sumWith("return 4")}, pass: []bool{false, true}, reason: []string{"a check failed", ""}, output: "✓ your sum = 4"},
		{name: "not answered", answers: map[string]string{"sum-answer": sumWith("s = math.NaN()\n// TODO: your code here\nreturn s")}, pass: []bool{false, true}, output: "✗ your sum: not answered"},
		{name: "compile error in (a)", answers: map[string]string{"sum-answer": sumWith("return s +")}, pass: []bool{false, true}, reason: []string{"your answer does not compile", ""}},
		{name: "init forges ✓ and exits", answers: map[string]string{"sum-answer": "func init() { println(\"✓ your sum = 4\"); os.Exit(0) }\n" + sumAnswer}, pass: []bool{false, true}, reason: []string{"tampering", ""}},
		{name: "redefines check", answers: map[string]string{"sum-answer": "type fake struct{}\n\nfunc (fake) ReportOrExit(...any) {}\n\nvar check fake\n" + sumAnswer}, pass: []bool{false, true}, reason: []string{"redeclares check", ""}},
		{name: "early exit", answers: map[string]string{"sum-answer": sumWith("fmt.Println(\"✓ your sum = 4\")\nos.Exit(0)\nreturn")}, pass: []bool{false, true}, reason: []string{"a check failed", ""}, output: "ended before it answered"},
		{name: "infinite loop", answers: map[string]string{"sum-answer": sumWith("for {\n}")}, pass: []bool{false, true}, output: "no answer within 5s"},
		{name: "memory hog", answers: map[string]string{"sum-answer": sumWith("var b [][]byte\nfor {\n\tb = append(b, make([]byte, 1<<26))\n\tb[len(b)-1][0] = 1\n}")}, pass: []bool{false, true}},
		{name: "goroutines", answers: map[string]string{"sum-answer": sumWith("for {\n\tgo func() { select {} }()\n}")}, pass: []bool{false, true}},
		{name: "reads the solutions", answers: map[string]string{"sum-answer": sumWith("b, err := os.ReadFile(\"" + outside + "\")\nif err != nil {\n\tpanic(err)\n}\nreturn float64(len(b))")}, pass: []bool{false, true}, output: "no such file or directory"},
		{name: "deletes outside its scratch", answers: map[string]string{"sum-answer": sumWith("os.RemoveAll(\"" + filepath.Dir(outside) + "\")\nos.RemoveAll(\"" + tl.Repo + "/hwkit\")\nfor _, x := range a {\n\ts += x\n}\nreturn s")}, pass: []bool{true, true},
			afterAll: func(t *testing.T) {
				if _, err := os.Stat(outside); err != nil {
					t.Errorf("a file outside the sandbox is gone: %v", err)
				}
			}},
		{name: "panics", answers: map[string]string{"max-answer": "func yourMax(a []float64) float64 { return a[10] }"}, pass: []bool{true, false}, output: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := submission(t, tc.answers)
			work := t.TempDir()
			start := time.Now()
			for k, p := range parts {
				v := tl.GradePart(context.Background(), src, sub, p, work, "")
				if v.Passed != tc.pass[k] {
					t.Errorf("part %s: passed %v, want %v; reason %q; output:\n%s", p.ID, v.Passed, tc.pass[k], v.Reason, v.Output)
				}
				if tc.reason != nil && !strings.Contains(v.Reason, tc.reason[k]) {
					t.Errorf("part %s: reason %q, want %q", p.ID, v.Reason, tc.reason[k])
				}
				if k == 0 && tc.output != "" && !strings.Contains(v.Output, tc.output) {
					t.Errorf("part %s: output lacks %q:\n%s", p.ID, tc.output, v.Output)
				}
			}
			t.Logf("graded in %.1f s", time.Since(start).Seconds())
			if tc.afterAll != nil {
				tc.afterAll(t)
			}
		})
	}
}

// TestGradeNotebook grades a whole submission: the kernel run in the
// sandbox for the feedback (hidden tests left out), the verdicts in the
// test cells, a changed locked cell costing its part.
func TestGradeNotebook(t *testing.T) {
	tl := tools(t)
	src := fixture()
	sub := submission(t, map[string]string{"max-answer": "func yourMax(a []float64) (m float64) {\n\tfmt.Println(\"debug: called\")\n\treturn -1\n}"})
	// The student edits the test cell of (b): nbgrader puts the source back
	// and reports it changed.
	start := time.Now()
	out, verdicts, err := tl.Grade(context.Background(), src, sub, []string{"max-test"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("graded in %.1f s", time.Since(start).Seconds())
	if len(verdicts) != 2 || !verdicts[0].Passed || verdicts[1].Passed || !strings.Contains(verdicts[1].Reason, "max-test was changed") {
		t.Fatalf("verdicts %+v", verdicts)
	}
	// The feedback: the kernel ran every cell (the answer's print shows),
	// the test cells hold the source with its hidden tests and the verdict.
	cells := byID(out)
	if ran := cells["parameters"].ExecutionCount; ran == nil {
		t.Error("the kernel run did not execute the notebook")
	}
	if got := cells["sum-test"].Text(); !strings.Contains(got, "✓ your sum of another a") || strings.Contains(got, "Error") {
		t.Errorf("part (a)'s output:\n%s", got)
	}
	if got := cells["max-test"].Text(); !strings.Contains(got, "NotPassed: no points: the locked cell max-test was changed") {
		t.Errorf("part (b)'s output:\n%s", got)
	}
	if !strings.Contains(cells["max-test"].Source, "BEGIN HIDDEN TESTS") {
		t.Error("the test cell lost its hidden tests")
	}
}

func TestAnnotate(t *testing.T) {
	n := fixture()
	for i, c := range n.Cells {
		c.ID = "c" + string(rune('0'+i))
		delete(c.Metadata, "nbgrader")
	}
	n.Cells[1].Metadata["tags"] = []any{"setup"}
	n.Cells[2].Metadata["tags"] = []any{"parameters"}
	n.Cells[3].Source += "\n<!-- BEGIN SOLUTION -->\nSum them.\n<!-- END SOLUTION -->"
	if err := Annotate(n); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		role Role
		id   string
	}{{Plain, ""}, {Locked, "setup"}, {Locked, "parameters"}, {ManualAnswer, "derivation-c3"}, {Answer, "answer-yourSum"},
		{Test, "test-yourSum"}, {Plain, ""}, {Answer, "answer-yourMax"}, {Test, "test-yourMax"}}
	for i, w := range want {
		if got := RoleOf(n.Cells[i]); got != w.role || GradeID(n.Cells[i]) != w.id {
			t.Errorf("cell %d: role %v, id %q; want %v, %q", i, got, GradeID(n.Cells[i]), w.role, w.id)
		}
	}
	// Points set by hand survive a second pass; a check without hidden tests is an error.
	n.Cells[5].Metadata["nbgrader"].(map[string]any)["points"] = 4.0
	if err := Annotate(n); err != nil || Points(n.Cells[5]) != 4 {
		t.Errorf("points after a second pass: %v (%v)", Points(n.Cells[5]), err)
	}
	n.Cells[8].Source = WithoutHiddenTests(n.Cells[8].Source)
	if err := Annotate(n); err == nil || !strings.Contains(err.Error(), "no hidden tests") {
		t.Errorf("a test cell without hidden tests: %v", err)
	}
}

// TestWarmFlagsAreTheCells: the grading cache is warmed for the flags the
// notebooks' set-up cells build with (and this file's set-up cell is theirs).
func TestWarmFlagsAreTheCells(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks found: %v", err)
	}
	for _, p := range append(paths, "") {
		src := setupCell
		if p != "" {
			n, err := nb.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			code := n.Code()
			if len(code) == 0 {
				t.Fatalf("%s has no code cells", p)
			}
			src = code[0].Source
		}
		flags, set := nb.GoFlags(src)
		if !set || !slices.Equal(flags, warmFlags[0]) {
			t.Errorf("%s: set-up cell flags %q (set: %v), warmFlags[0] %q", cmp.Or(p, "setupCell"), flags, set, warmFlags[0])
		}
	}
}
