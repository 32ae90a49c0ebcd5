package notebooks

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/nb"
)

var tokenRE = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// studentVersion writes the student version of a committed notebook into a
// temporary directory inside notebooks/ (the set-up cell finds the module
// from there) and returns its path, the original and the regions.
func studentVersion(t *testing.T, name string) (string, *nb.Notebook, *nb.Notebook, []nb.Region) {
	t.Helper()
	orig, err := nb.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	s, regions, err := nb.StudentVersion(orig)
	if err != nil {
		t.Fatal(err)
	}
	dir := variantDir(t)
	path := filepath.Join(dir, name)
	if err := s.Write(path); err != nil {
		t.Fatal(err)
	}
	return path, orig, s, regions
}

// answerChecks counts the student answer checks ("your …") of an executed
// instructor notebook.
func answerChecks(n *nb.Notebook) int {
	return strings.Count(allText(n), "\n✓ your ")
}

// TestStudentVersions: every notebook has solution regions; its student
// version keeps no text from inside them (checked token by token), is valid
// nbformat, runs top to bottom without a compile error or a failed check,
// and reports every answer check as "not answered yet".
func TestStudentVersions(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			path, orig, student, regions := studentVersion(t, name)
			code := 0
			hidden := 0
			for _, r := range regions {
				switch {
				case r.Hidden:
					hidden++
				case r.Code:
					code++
				}
			}
			if code == 0 || code+hidden == len(regions) {
				t.Errorf("%d code and %d markdown solution regions: want both", code, len(regions)-code-hidden)
			}
			for _, leak := range leaks(orig, student, regions) {
				t.Error(leak)
			}
			if err := env.Validate(path); err != nil {
				t.Error(err)
			}

			run := execute(t, env, path)
			for _, e := range run.Notebook.Errors() {
				t.Errorf("student version: %v", e)
			}
			text := allText(run.Notebook)
			if strings.Contains(text, "\n✗") || showsPanic(text) {
				t.Errorf("student version shows a failure:\n%s", text)
			}
			want := answerChecks(executed(t, name).Notebook)
			if want == 0 {
				t.Fatal("no answer check (✓ your …) in the instructor version")
			}
			if got := strings.Count(text, ": not answered yet"); got != want {
				t.Errorf("%d answer checks report \"not answered yet\", want %d", got, want)
			}

			// What the student reads: the HTML export of the student version
			// passes the render gate against its own markdown.
			html := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".ipynb")+".html")
			if err := env.ExportHTML(context.Background(), run.Path, html); err != nil {
				t.Fatal(err)
			}
			page, err := browser.Inspect(bctx, html)
			if err != nil {
				t.Fatal(err)
			}
			ref := withoutSetupCells(run.Notebook, reference(t, bctx, run.Notebook))
			if got, err := pageMarkdown(run.Notebook, page); err != nil {
				t.Error(err)
			} else {
				gate(t, "student HTML export", len(ref), fidelityProblems(name, "student HTML export", run.Notebook, ref, got))
			}
		})
	}
}

// leaks lists the text of solution regions that survives in the student
// version: any line of a region (of 10 characters or more) and any token of
// a region, unless the original also has that line or token outside every
// region.
func leaks(orig, student *nb.Notebook, regions []nb.Region) []string {
	outside := map[string]bool{}     // tokens of the original outside every region
	outsideLine := map[string]bool{} // lines of the original outside every region
	inRegion := map[int][][2]int{}
	for _, r := range regions {
		inRegion[r.Cell] = append(inRegion[r.Cell], [2]int{r.Begin, r.End})
	}
	for i, c := range orig.Cells {
		for k, line := range strings.Split(c.Source, "\n") {
			hidden := false
			for _, span := range inRegion[i] {
				hidden = hidden || (k+1 >= span[0] && k+1 <= span[1])
			}
			if !hidden {
				outsideLine[strings.TrimSpace(line)] = true
				for _, tok := range tokenRE.FindAllString(line, -1) {
					outside[tok] = true
				}
			}
		}
	}
	var studentText strings.Builder
	studentTokens := map[string]bool{}
	for _, c := range student.Cells {
		studentText.WriteString(c.Source + "\n")
		for _, tok := range tokenRE.FindAllString(c.Source, -1) {
			studentTokens[tok] = true
		}
	}
	var out []string
	for _, r := range regions {
		for _, line := range strings.Split(r.Text, "\n") {
			if l := strings.TrimSpace(line); len(l) >= 10 && !outsideLine[l] && strings.Contains(studentText.String(), l) {
				out = append(out, "cell "+strconv.Itoa(r.Cell)+": solution line survives: "+l)
			}
		}
		for _, tok := range tokenRE.FindAllString(r.Text, -1) {
			if !outside[tok] && studentTokens[tok] {
				out = append(out, "cell "+strconv.Itoa(r.Cell)+": solution token survives: "+tok)
			}
		}
	}
	return out
}

var answerFuncRE = regexp.MustCompile(`func (your[A-Z]\w*)\(`)

// answerCheckCell returns the cell that checks the answer of the code
// region in cell i: when cell i declares an answer function (func your…),
// the next code cell that calls it; when cell i itself calls an answer
// check, cell i; else -1.
func answerCheckCell(n *nb.Notebook, i int) int {
	if m := answerFuncRE.FindStringSubmatch(n.Cells[i].Source); m != nil {
		for j := i + 1; j < len(n.Cells); j++ {
			if n.Cells[j].CellType == "code" && strings.Contains(n.Cells[j].Source, m[1]+"(") {
				return j
			}
		}
		return -1
	}
	if strings.Contains(n.Cells[i].Source, "check.Answer") {
		return i
	}
	return -1
}

// TestStudentFilledIn: putting a correct answer (the solution of the first
// code region that feeds an answer check) into the student version's stub
// turns that check ✓.
func TestStudentFilledIn(t *testing.T) {
	env := jupyter(t)
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			path, _, student, regions := studentVersion(t, name)
			var region *nb.Region
			checkCell := -1
			for i, r := range regions {
				if j := answerCheckCell(student, r.Cell); r.Code && !r.Hidden && j >= 0 {
					region, checkCell = &regions[i], j
					break
				}
			}
			if region == nil {
				t.Fatal("no code region feeding an answer check")
			}
			cell := student.Cells[region.Cell]
			cell.Source = strings.Replace(cell.Source, region.Indent+nb.CodeStub, region.Text, 1)
			if err := student.Write(path); err != nil {
				t.Fatal(err)
			}
			run := execute(t, env, path)
			out := run.Notebook.Cells[checkCell].Text()
			if !strings.Contains(out, "✓ your ") || strings.Contains(out, "not answered yet") || strings.Contains(out, "✗") {
				t.Errorf("filled-in answer cell %d, checked in cell %d, does not pass:\n%s", region.Cell, checkCell, out)
			}
			for _, e := range run.Notebook.Errors() {
				t.Errorf("%v", e)
			}
		})
	}
}

// TestLeakDetector: a student version that keeps a piece of a solution is
// caught, line and token.
func TestLeakDetector(t *testing.T) {
	orig := &nb.Notebook{NBFormat: 4, Cells: []*nb.Cell{
		{CellType: "code", Source: "%%\nvar yours []float64\n// BEGIN SOLUTION\nyours = secretLimitFormula(a) // uses hiddenName\n// END SOLUTION\ncheck.ReportOrExit()"},
	}}
	student, regions, err := nb.StudentVersion(orig)
	if err != nil {
		t.Fatal(err)
	}
	if l := leaks(orig, student, regions); len(l) != 0 {
		t.Fatalf("a clean student version reported leaks: %q", l)
	}
	student.Cells[0].Source += "\n// see hiddenName"
	if l := strings.Join(leaks(orig, student, regions), "\n"); !strings.Contains(l, "token survives: hiddenName") {
		t.Errorf("a leaked token went unnoticed: %q", l)
	}
	student.Cells[0].Source += "\nyours = secretLimitFormula(a) // uses hiddenName"
	if l := strings.Join(leaks(orig, student, regions), "\n"); !strings.Contains(l, "line survives: yours = secretLimitFormula(a)") {
		t.Errorf("a leaked line went unnoticed: %q", l)
	}
}
