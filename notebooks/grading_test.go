package notebooks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/grade"
	"github.com/dl-course/hw2/kernel-config/nb"
)

// TestNbgraderMetadata: the committed nbgrader metadata of every notebook
// is what `make nbgrader-meta` derives from its cells (so no cell is
// missing a role, and every part's test cell has hidden tests and points).
func TestNbgraderMetadata(t *testing.T) {
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			n, err := nb.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := nb.Read(name)
			if err := grade.Annotate(want); err != nil {
				t.Fatal(err)
			}
			auto, manual := 0.0, 0.0
			for i, c := range n.Cells {
				got, _ := c.Metadata["nbgrader"].(map[string]any)
				w, _ := want.Cells[i].Metadata["nbgrader"].(map[string]any)
				if fmt.Sprint(got) != fmt.Sprint(w) {
					t.Errorf("cell %d (%s): nbgrader metadata %v, want %v (run make nbgrader-meta)", i, c.FirstLine(), got, w)
				}
				switch grade.RoleOf(c) {
				case grade.Test:
					auto += grade.Points(c)
				case grade.ManualAnswer:
					manual += grade.Points(c)
				}
			}
			parts, err := grade.Parts(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(parts) == 0 {
				t.Error("no autograded part")
			}
			t.Logf("%d autograded parts, %g points; %g points graded by hand", len(parts), auto, manual)
		})
	}
}

// filled returns the released notebook with every solution cell's text
// taken from the source notebook (the instructor's solutions): a submission
// that answers everything right.
func filled(release, source *nb.Notebook) *nb.Notebook {
	b, _ := release.Marshal()
	n, _ := nb.Parse(b)
	src := map[string]string{}
	for _, c := range source.Cells {
		if r := grade.RoleOf(c); r == grade.Answer || r == grade.ManualAnswer {
			src[grade.GradeID(c)] = c.Source
		}
	}
	for _, c := range n.Cells {
		if s, ok := src[grade.GradeID(c)]; ok {
			c.Source = s
		}
	}
	return n
}

// TestNbgraderCourse runs the instructors' course flow on the three
// notebooks in a throw-away course directory: generate_assignment (the
// student versions nbgrader writes equal the project's own), release
// through the exchange, submissions (everything answered with the
// instructor's solutions; nothing answered; one part tampered with),
// autograde with the project's grader (the gradebook checked exactly),
// generate_feedback (the feedback passes the render gate).
func TestNbgraderCourse(t *testing.T) { courseFlow(t, notebooks(t)) }

func courseFlow(t *testing.T, names []string) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	ctx := context.Background()
	if err := grade.BuildGrader(ctx, env); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "course")
	var paths []string
	for _, name := range names {
		abs, _ := filepath.Abs(name)
		paths = append(paths, abs)
	}
	if err := grade.NewCourse(env, dir, "hw2", "hw2course", paths); err != nil {
		t.Fatal(err)
	}
	c := grade.Course{Env: env, Dir: dir, Assignment: "hw2"}
	run := func(args ...string) string {
		t.Helper()
		out, err := c.NBGrader(ctx, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	run("generate_assignment", "hw2")
	run("release_assignment", "hw2")
	if _, err := os.Stat(filepath.Join(dir, "exchange", "hw2course", "outbound", "hw2")); err != nil {
		t.Errorf("release_assignment put nothing in the exchange: %v", err)
	}

	want := map[string]map[string]float64{} // student → grade_id → auto score
	total := 0
	for _, name := range names {
		base := strings.TrimSuffix(name, ".ipynb")
		source, err := nb.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		release, err := nb.Read(filepath.Join(dir, "release", "hw2", name))
		if err != nil {
			t.Fatal(err)
		}
		ours, regions, err := nb.StudentVersion(source)
		if err != nil {
			t.Fatal(err)
		}
		if len(ours.Cells) != len(release.Cells) {
			t.Fatalf("%s: %d cells in nbgrader's student version, %d in ours", name, len(release.Cells), len(ours.Cells))
		}
		for i := range ours.Cells {
			if ours.Cells[i].Source != release.Cells[i].Source {
				t.Errorf("%s: cell %d differs between nbgrader's student version and ours:\n%s\n---\n%s", name, i, release.Cells[i].Source, ours.Cells[i].Source)
			}
		}
		for _, leak := range leaks(source, release, regions) {
			t.Errorf("%s: nbgrader's student version: %s", name, leak)
		}

		parts, err := grade.Parts(source)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) == 0 || len(parts[len(parts)-1].Answers) == 0 {
			t.Fatalf("%s: no autograded part with an answer cell", name)
		}
		complete := filled(release, source)
		tampered := filled(release, source)
		// The last part's answer cell declares an init that prints ✓ and exits.
		last := parts[len(parts)-1]
		for _, cl := range tampered.Cells {
			if grade.GradeID(cl) == grade.GradeID(source.Cells[last.Answers[len(last.Answers)-1]]) {
				cl.Source = "func init() { fmt.Println(\"✓ all good\"); os.Exit(0) }\n\n" + cl.Source
			}
		}
		for student, n := range map[string]*nb.Notebook{"complete": complete, "blank": release, "tamperer": tampered} {
			if err := c.Submit(student, base, n); err != nil {
				t.Fatal(err)
			}
			if want[student] == nil {
				want[student] = map[string]float64{}
			}
			for _, p := range parts {
				score := p.Points
				if student == "blank" || (student == "tamperer" && p.ID == last.ID) {
					score = 0
				}
				want[student][p.ID] = score
			}
		}
		total++
	}
	start := time.Now()
	run("autograde", "hw2")
	per := time.Since(start).Seconds() / float64(3*total)
	t.Logf("autograde: %.1f s for %d submitted notebooks, %.1f s each", time.Since(start).Seconds(), 3*total, per)
	if per > 60 {
		t.Errorf("grading a notebook takes %.0f s, want under a minute", per)
	}
	scores, err := c.Scores(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for student, parts := range want {
		for id, w := range parts {
			if got := scores[student][id]; got == nil || *got != w {
				t.Errorf("%s, %s: %s points, want %v; the graded cell says:\n%s", student, id, show(got), w, gradedOutput(dir, student, id))
			}
		}
	}

	run("generate_feedback", "hw2")
	for _, name := range names {
		base := strings.TrimSuffix(name, ".ipynb")
		html := filepath.Join(dir, "feedback", "complete", "hw2", base+".html")
		graded, err := nb.Read(filepath.Join(dir, "autograded", "complete", "hw2", name))
		if err != nil {
			t.Fatal(err)
		}
		sums, err := browser.PageMarkdown(bctx, html, ".text_cell_render")
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]browser.Summary{}
		k := 0
		for i, cl := range graded.Cells {
			if cl.CellType == "markdown" && k < len(sums) {
				got[i] = sums[k]
				k++
			}
		}
		ref := reference(t, bctx, graded)
		gate(t, "feedback", len(ref), fidelityProblems(name, "feedback", graded, ref, got))
		b, _ := os.ReadFile(html)
		if strings.Contains(string(b), "<script") {
			t.Errorf("%s: the feedback holds a script", name)
		}
	}
}

func show(p *float64) string {
	if p == nil {
		return "no"
	}
	return fmt.Sprint(*p)
}

// gradedOutput returns the output of the graded cell id in a student's
// autograded notebooks.
func gradedOutput(dir, student, id string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "autograded", student, "*", "*.ipynb"))
	for _, f := range files {
		n, err := nb.Read(f)
		if err != nil {
			continue
		}
		for _, c := range n.Cells {
			if grade.GradeID(c) == id {
				return c.Text()
			}
		}
	}
	return "(no such cell)"
}
