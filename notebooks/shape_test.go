package notebooks

import (
	"fmt"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// The shape of a handout: short cells, helpers in hwkit, a few printed pages.
const (
	maxCellLines  = 15   // no code cell longer
	shortCell     = 8    // ... and at least shortShare of them this short
	shortShare    = 0.75 //
	maxCellFuncs  = 2    // func declarations and literals in all cells, answer functions aside
	maxPDFPages   = 10   // A4 pages of the Chromium PDF
	answerFuncPfx = "your"
)

// shape is what TestNotebookShape measures of a notebook.
type shape struct {
	cells, short, words int
	long                []string // "cell N (first line): L lines"
	funcs               []string // "cell N: name"
}

// cellLines counts a code cell's lines as a reader sees them: leading and
// trailing blank lines aside, and without its hidden tests (grading
// machinery: left out of the student version and of every export).
func cellLines(c *nb.Cell) int {
	return len(strings.Split(strings.TrimSpace(nb.WithoutHiddenTests(c.Source)), "\n"))
}

// sourceLines counts a code cell's lines as the instructor edits them,
// hidden tests included: the 15-line limit holds there too.
func sourceLines(c *nb.Cell) int {
	return len(strings.Split(strings.TrimSpace(c.Source), "\n"))
}

// cellFuncs lists the func declarations and function literals of a code
// cell, except the student's answer functions (named your…, whose bodies
// are solution regions): helpers belong in hwkit.
func cellFuncs(c *nb.Cell) ([]string, error) {
	f, err := parseCell(c.Source)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Name.Name != "main" && !strings.HasPrefix(x.Name.Name, answerFuncPfx) {
				out = append(out, x.Name.Name)
			}
		case *ast.FuncLit:
			out = append(out, "func literal")
		}
		return true
	})
	return out, nil
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)

// measure measures the shape of a notebook's source.
func measure(n *nb.Notebook) (shape, error) {
	var s shape
	for i, c := range n.Cells {
		if c.CellType == "markdown" {
			s.words += len(wordRE.FindAllString(c.Source, -1))
		}
		if c.CellType != "code" || c.HasTag(nb.SetupTag) {
			continue
		}
		s.cells++
		lines := cellLines(c)
		if lines <= shortCell {
			s.short++
		}
		if full := sourceLines(c); full > maxCellLines {
			s.long = append(s.long, fmt.Sprintf("cell %d (%s): %d lines (hidden tests included)", i, c.FirstLine(), full))
		}
		fs, err := cellFuncs(c)
		if err != nil {
			return s, fmt.Errorf("cell %d (%s): %v", i, c.FirstLine(), err)
		}
		for _, f := range fs {
			s.funcs = append(s.funcs, fmt.Sprintf("cell %d: %s", i, f))
		}
	}
	return s, nil
}

// shapeProblems lists where a notebook's source misses the handout shape.
func shapeProblems(n *nb.Notebook) []string {
	s, err := measure(n)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, l := range s.long {
		out = append(out, fmt.Sprintf("%s: code cells have at most %d lines (move logic into hwkit)", l, maxCellLines))
	}
	if float64(s.short) < shortShare*float64(s.cells) {
		out = append(out, fmt.Sprintf("%d of %d code cells have at most %d lines, want at least %.0f %%", s.short, s.cells, shortCell, 100*shortShare))
	}
	if len(s.funcs) > maxCellFuncs {
		out = append(out, fmt.Sprintf("%d functions in cells (%s), want at most %d: helpers belong in hwkit", len(s.funcs), strings.Join(s.funcs, ", "), maxCellFuncs))
	}
	return out
}

// TestNotebookShape: every notebook has the shape of a handout: no code
// cell over maxCellLines lines (in the instructor's source, hidden tests
// included), at least shortShare of them at most shortCell lines as a
// reader sees them, at most maxCellFuncs functions in cells. (The page
// count of the PDF is checked with the exports.)
func TestNotebookShape(t *testing.T) {
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			n, err := nb.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range shapeProblems(n) {
				t.Error(p)
			}
			s, _ := measure(n)
			t.Logf("%d code cells, %d of them ≤ %d lines, %d functions in cells, %d words of markdown", s.cells, s.short, shortCell, len(s.funcs), s.words)
		})
	}
}

// TestShapeCatchesLongCells: a long cell, too few short cells and helper
// functions in cells are reported; an answer function is not a helper.
func TestShapeCatchesLongCells(t *testing.T) {
	long := strings.Repeat("x := 1\n_ = x\n", 9)
	n := &nb.Notebook{Cells: []*nb.Cell{
		{CellType: "code", Source: "%%\n" + long},
		{CellType: "code", Source: "func a() {}\nfunc b() {}\nfunc c() {}\nfunc yourLimit(x []float64) (y []float64) { return }\n%%\nf := func() {}\nf()"},
	}}
	got := strings.Join(shapeProblems(n), "\n")
	for _, want := range []string{"cell 0 (%%): 19 lines", "1 of 2 code cells", "4 functions in cells (cell 1: a, cell 1: b, cell 1: c, cell 1: func literal)"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// pdfPages returns the page count of a PDF (pdfinfo, from poppler-utils).
func pdfPages(path string) (int, error) {
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		return 0, fmt.Errorf("pdfinfo %s: %v", path, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pdfinfo %s: no page count", path)
	}
	return strconv.Atoi(string(m[1]))
}

// blankPages returns the (1-based) pages of a PDF that print nothing: every
// pixel of the page rendered in gray at 12 dpi (pdftoppm) near white. A
// page holding only a figure is not blank.
func blankPages(path string) ([]int, error) {
	dir, err := os.MkdirTemp("", "blank-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if out, err := exec.Command("pdftoppm", "-r", "12", "-gray", path, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm %s: %v\n%s", path, err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("pdftoppm %s: no pages rendered (%v)", path, err)
	}
	sort.Strings(files) // p-01.pgm, p-02.pgm, …: zero-padded to one width
	var blank []int
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if pgmBlank(b) {
			blank = append(blank, i+1)
		}
	}
	return blank, nil
}

// pgmBlank reports whether a binary PGM (P5, 8 bits) has no pixel darker
// than 245.
func pgmBlank(b []byte) bool {
	// Header: "P5", width, height, maxval, each after white space, then one
	// white-space byte and the pixels.
	fields, i := 0, 0
	for fields < 4 && i < len(b) {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
			i++
		}
		for i < len(b) && !(b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
			i++
		}
		fields++
	}
	for _, p := range b[min(i+1, len(b)):] {
		if p < 245 {
			return false
		}
	}
	return true
}

func TestBlankPages(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftoppm (poppler-utils) is missing: run kernel-config/setup.sh")
		}
		t.Skip("pdftoppm (poppler-utils) is missing")
	}
	// A PDF of three pages, the middle one empty: written by hand (the
	// smallest PDF poppler reads), so the test needs no browser.
	pdf := filepath.Join(t.TempDir(), "three.pdf")
	if err := os.WriteFile(pdf, threePagePDF(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := blankPages(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != 2 {
		t.Errorf("blankPages = %v, want [2]", got)
	}
}

// threePagePDF returns a PDF whose pages 1 and 3 hold a black square and
// page 2 nothing.
func threePagePDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 7 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R >>",
		"<< /Length 21 >>\nstream\n50 50 100 100 re f\nendstream",
		"<< /Length 0 >>\nstream\n\nendstream",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// checkLinesAtPageTop returns the pages (from the second) whose first line
// of text is a ✓/✗ check line: an output printed away from its cell.
func checkLinesAtPageTop(path string) ([]string, error) {
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext %s: %v", path, err)
	}
	var tops []string
	for i, page := range strings.Split(string(out), "\f") {
		for _, line := range strings.Split(page, "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			if i > 0 && (strings.HasPrefix(line, "✓") || strings.HasPrefix(line, "✗")) {
				tops = append(tops, fmt.Sprintf("page %d: %.50s", i+1, line))
			}
			break
		}
	}
	return tops, nil
}
