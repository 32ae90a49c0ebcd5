package notebooks

// The render-fidelity gate: what a reader sees of every markdown cell, on
// every surface, is what its author wrote. The reference is each cell
// rendered by a CommonMark + GFM-tables renderer with the math protected the
// way Jupyter protects it (kernel-config/render); each surface's rendering of
// the cell must have the same structure (headings, paragraphs, bold,
// italics, lists, items, tables, rows, cells, code spans, links, rules,
// formulas) and the same visible text, each formula one token.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/render"
)

// references caches the reference summaries per notebook source text.
var references struct {
	sync.Mutex
	bySource map[string]map[int]browser.Summary
}

// reference returns the reference summary of every markdown cell of n, by
// cell index.
func reference(t *testing.T, bctx context.Context, n *nb.Notebook) map[int]browser.Summary {
	t.Helper()
	var key strings.Builder
	var index []int
	var frags []string
	for i, c := range n.Cells {
		if c.CellType != "markdown" {
			continue
		}
		key.WriteString(c.Source + "\x00")
		html, err := render.Reference(c.Source)
		if err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		index = append(index, i)
		frags = append(frags, html)
	}
	references.Lock()
	defer references.Unlock()
	if r, ok := references.bySource[key.String()]; ok {
		return r
	}
	sums, err := browser.Summarize(bctx, frags)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]browser.Summary{}
	for k, i := range index {
		out[i] = sums[k]
	}
	if references.bySource == nil {
		references.bySource = map[string]map[int]browser.Summary{}
	}
	references.bySource[key.String()] = out
	return out
}

// fidelityProblems compares what a surface shows of the markdown cells of
// n (got, by cell index) with the reference: every cell of want must be
// there and look alike. The problems name the notebook, cell, surface and
// the first difference.
func fidelityProblems(name, surface string, n *nb.Notebook, want, got map[int]browser.Summary) []string {
	var cells []int
	for i := range want {
		cells = append(cells, i)
	}
	sort.Ints(cells)
	var out []string
	for _, i := range cells {
		g, ok := got[i]
		if !ok {
			out = append(out, fmt.Sprintf("%s: cell %d (%s) is missing from the %s", name, i, n.Cells[i].FirstLine(), surface))
			continue
		}
		if d := want[i].Diff(g); d != "" {
			out = append(out, fmt.Sprintf("%s: cell %d (%s) differs in the %s: %s", name, i, n.Cells[i].FirstLine(), surface, d))
		}
	}
	return out
}

// withoutSetupCells returns the reference without the set-up cells, which
// every export leaves out.
func withoutSetupCells(n *nb.Notebook, ref map[int]browser.Summary) map[int]browser.Summary {
	out := map[int]browser.Summary{}
	for i, s := range ref {
		if !n.Cells[i].HasTag(nb.SetupTag) {
			out[i] = s
		}
	}
	return out
}

// pageMarkdown maps what an HTML export page shows of its markdown cells
// to the notebook's cell indices (the page leaves the set-up cells out).
func pageMarkdown(n *nb.Notebook, page *browser.Page) (map[int]browser.Summary, error) {
	var index []int
	for i, c := range n.Cells {
		if !c.HasTag(nb.SetupTag) {
			index = append(index, i)
		}
	}
	if len(index) != len(page.Cells) {
		return nil, fmt.Errorf("%d cells in the notebook (without set-up), %d in the HTML", len(index), len(page.Cells))
	}
	out := map[int]browser.Summary{}
	for k, c := range page.Cells {
		if c.Markdown != nil {
			out[index[k]] = *c.Markdown
		}
	}
	return out, nil
}

var mdCellRE = regexp.MustCompile(`(?s)<!-- cell (\S+) -->(.*?)<!-- end of cell (\S+) -->`)

// markdownExportCells renders a Markdown export again, as a Markdown reader
// does (the reference renderer on the whole file), and returns the HTML of
// each markdown cell by cell index (the export marks each cell with HTML
// comments holding its id).
func markdownExportCells(n *nb.Notebook, md string) (map[int]string, error) {
	html, err := render.Reference(md)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	for i, c := range n.Cells {
		byID[c.ID] = i
	}
	out := map[int]string{}
	for _, m := range mdCellRE.FindAllStringSubmatch(html, -1) {
		i, ok := byID[m[1]]
		if !ok || m[1] != m[3] {
			return nil, fmt.Errorf("the Markdown export marks a cell %q that the notebook does not have (or its end as %q)", m[1], m[3])
		}
		out[i] = m[2]
	}
	return out, nil
}

// checkMarkdownExportFidelity compares the Markdown export, rendered again,
// with the reference.
func markdownExportProblems(t *testing.T, bctx context.Context, name string, n *nb.Notebook, mdPath string) []string {
	t.Helper()
	b, err := os.ReadFile(mdPath)
	if err != nil {
		t.Fatal(err)
	}
	frags, err := markdownExportCells(n, string(b))
	if err != nil {
		return []string{err.Error()}
	}
	var index []int
	var html []string
	for i, f := range frags {
		index = append(index, i)
		html = append(html, f)
	}
	sums, err := browser.Summarize(bctx, html)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]browser.Summary{}
	for k, i := range index {
		got[i] = sums[k]
	}
	return fidelityProblems(name, "Markdown export", n, withoutSetupCells(n, reference(t, bctx, n)), got)
}

var (
	hyphenBreakRE = regexp.MustCompile(`(\pL)-\n(\pL)`)
	pageNumberRE  = regexp.MustCompile(`\n\s*\d+\s*$`)
	combiningRE   = regexp.MustCompile(`\s+(\p{M})`)
)

// pdfText returns the text of a PDF (pdftotext -raw, from poppler-utils:
// in the order it was drawn, hyphens at line ends kept), with what is not the notebook's text taken out: the page
// numbers in the LaTeX PDF's footers (so that a line continued on the next
// page reads whole), and the line breaks pdftotext puts before combining
// marks (q̂ comes out as "q\n̂").
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	pages := strings.Split(string(out), "\f")
	for i, p := range pages {
		pages[i] = pageNumberRE.ReplaceAllString(strings.TrimRight(p, "\n "), "")
	}
	return combiningRE.ReplaceAllString(strings.Join(pages, "\n"), "$1")
}

// spaceRE matches a run of white space, no-break spaces (U+00A0, which the
// tables use to keep "parameter server" on one line) included: they print as
// spaces, and pdftotext gives either.
var spaceRE = regexp.MustCompile(`[\s\x{00A0}\x{202F}]+`)

func collapse(s string) string { return strings.TrimSpace(spaceRE.ReplaceAllString(s, " ")) }

// markdownLeftovers are what markdown that was not rendered leaves in a
// page's text: emphasis markers, table rules, HTML comments (the solution
// markers), fences, headings' hashes, TeX.
var markdownLeftovers = []struct {
	what string
	re   *regexp.Regexp
}{
	{"bold markers", regexp.MustCompile(`\*\*\S`)},
	{"a table rule", regexp.MustCompile(`\|\s*:?-{3,}`)},
	{"an HTML comment", regexp.MustCompile(`<!--|-->`)},
	{"a code fence", regexp.MustCompile("```")},
	{"a heading marker", regexp.MustCompile(`(?m)^#{1,6} \S`)},
	{"raw TeX", regexp.MustCompile(`\$\$|\\begin\{|\\frac\{|\\(alpha|theta|sum|mathbb|operatorname|boxed)\b`)},
}

// proseLines returns the lines of a PDF's text that are not code: a line
// that is part of a code cell's source or output (the PDF may wrap a long
// code line into several) is left out, so that Go code and TeX in strings
// do not count as unrendered markdown.
func proseLines(executed *nb.Notebook, text string) string {
	var code strings.Builder
	for _, c := range executed.Cells {
		if c.CellType == "code" {
			code.WriteString(collapse(c.Source) + "\n" + collapse(c.Text()) + "\n")
		}
	}
	all := code.String()
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if cl := collapse(l); cl == "" || strings.Contains(all, cl) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// pdfProblems checks a PDF's text: no markdown left unrendered outside
// code, and every ✓/✗ line of the executed notebook whole (a line may wrap
// only where it has a space, never inside a word or a number).
func pdfProblems(name, surface string, executed *nb.Notebook, text string) []string {
	var out []string
	prose := proseLines(executed, text)
	for _, l := range markdownLeftovers {
		if m := l.re.FindStringIndex(prose); m != nil {
			lo, hi := max(0, m[0]-40), min(len(prose), m[1]+40)
			out = append(out, fmt.Sprintf("%s: the %s shows %s: %q", name, surface, l.what, prose[lo:hi]))
		}
	}
	// A line may wrap after a hyphen between letters: "rank-\norder" reads
	// "rank-order" (but "1e-\n16" is a number broken in two).
	flat := collapse(hyphenBreakRE.ReplaceAllString(text, "$1-$2"))
	lines := 0
	for i, c := range executed.Cells {
		for _, line := range strings.Split(c.Text(), "\n") {
			if !strings.HasPrefix(line, "✓") && !strings.HasPrefix(line, "✗") {
				continue
			}
			lines++
			if !strings.Contains(flat, collapse(line)) {
				out = append(out, fmt.Sprintf("%s: cell %d: a check line is not whole in the %s: %q", name, i, surface, line))
			}
		}
	}
	if lines == 0 {
		out = append(out, fmt.Sprintf("%s: no ✓/✗ line to look for in the %s", name, surface))
	}
	// Every cell of every output table, whole.
	for i, c := range executed.Cells {
		for _, o := range c.Outputs {
			for _, cell := range tableCells(o.DataText("text/markdown")) {
				if !strings.Contains(flat, cell) {
					out = append(out, fmt.Sprintf("%s: cell %d: a table cell is not whole in the %s: %q", name, i, surface, cell))
				}
			}
		}
	}
	return out
}

// tableCells returns the cells of the Markdown tables in md (an output's
// text/markdown), whitespace collapsed, Markdown escapes undone; the rule
// lines are left out.
func tableCells(md string) []string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") || strings.Trim(line, "|-: ") == "" {
			continue
		}
		var cell strings.Builder
		flush := func() {
			if c := collapse(cell.String()); c != "" {
				out = append(out, c)
			}
			cell.Reset()
		}
		for i := 1; i < len(line); i++ { // line[0] is the leading |
			switch {
			case line[i] == '\\' && i+1 < len(line) && strings.ContainsRune(`|*_\\`+"`", rune(line[i+1])):
				cell.WriteByte(line[i+1])
				i++
			case line[i] == '|':
				flush()
			default:
				cell.WriteByte(line[i])
			}
		}
		flush()
	}
	return out
}

// gate reports the render-fidelity problems of one surface, and how many
// cells it compared.
func gate(t *testing.T, surface string, cells int, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Error(p)
	}
	if cells > 0 {
		t.Logf("render gate, %s: %d markdown cells compared, %d mismatches", surface, cells, len(problems))
	} else {
		t.Logf("render gate, %s: %d problems", surface, len(problems))
	}
}

func TestTableCells(t *testing.T) {
	got := tableCells("**T**\n\n| a | b c |\n|:---|---:|\n| 1e-16 | x \\| y |\n")
	want := []string{"a", "b c", "1e-16", "x | y"}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("tableCells = %q, want %q", got, want)
	}
}

// gateFixtures are markdown cells of the kinds that reached readers broken
// before: a solution marker followed directly by text, a table inside a
// solution region, a code span between two formulas, a list right after a
// display formula. broken is how a renderer that fails on the cell shows it
// (nbconvert 6.5 passed the text after a marker through as raw HTML, so the
// markdown stayed unparsed; JupyterLab's math protection swallows the $
// before a code span).
var gateFixtures = []struct {
	source, broken string
}{
	{"<!-- BEGIN SOLUTION -->\n**Derivation.** The answer is $x$, and\n\n1. first\n2. second\n<!-- END SOLUTION -->",
		"<!-- BEGIN SOLUTION -->\n**Derivation.** The answer is <span class=\"hw2-math\">x</span>, and\n<p>1. first 2. second</p>"},
	{"<!-- BEGIN SOLUTION -->\n| method | limit |\n|---|---|\n| SGD | $a/\\|a\\|^2$ |\n<!-- END SOLUTION -->",
		"<p>| method | limit | |---|---| | SGD | <span class=\"hw2-math\">a</span> |</p>"},
	{"so it needs $\\sum_t \\alpha_t \\approx 2\\,$`adamLR`$\\sqrt{T}$ steps.",
		"<p>so it needs <span class=\"hw2-math\">s</span>`adamLR`<span class=\"hw2-math\">t</span> steps.</p>"},
	{"$$x = 1$$\n- first\n- second",
		"<p><span class=\"hw2-math\">x</span> - first - second</p>"},
}

// TestRenderGateCatches: the gate fails on each kind of cell that broke
// before, naming the notebook, the cell, the surface and the first
// differing text; it passes the same cells where they render right (the
// exports); and it catches the one kind that still breaks in a real front
// end (a code span between two formulas, in JupyterLab 4 and Notebook 7),
// which the clean-sources check therefore rejects.
func TestRenderGateCatches(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	var cells []*nb.Cell
	for _, f := range gateFixtures {
		cells = append(cells, &nb.Cell{CellType: "markdown", Source: f.source})
	}
	dir := servedDir(t)
	path := filepath.Join(dir, "fixtures.ipynb")
	writeNotebook(t, path, cells)
	n, err := nb.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	ref := reference(t, bctx, n)

	// A surface that shows each cell broken: every cell is reported.
	var broken []string
	for _, f := range gateFixtures {
		broken = append(broken, f.broken)
	}
	sums, err := browser.Summarize(bctx, broken)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[int]browser.Summary{}
	for i, s := range sums {
		bad[i] = s
	}
	problems := fidelityProblems("fixtures.ipynb", "broken surface", n, ref, bad)
	for i := range gateFixtures {
		want := fmt.Sprintf("fixtures.ipynb: cell %d (%s) differs in the broken surface: ", i, n.Cells[i].FirstLine())
		if !containsPrefix(problems, want) {
			t.Errorf("the gate missed broken fixture %d; problems:\n%s", i, strings.Join(problems, "\n"))
		}
	}
	if !strings.Contains(strings.Join(problems, "\n"), "text differs at") {
		t.Errorf("no problem names the first differing text:\n%s", strings.Join(problems, "\n"))
	}

	// The exports render them right: no false alarm.
	html := filepath.Join(t.TempDir(), "fixtures.html")
	if err := env.ExportHTML(context.Background(), path, html); err != nil {
		t.Fatal(err)
	}
	page, err := browser.Inspect(bctx, html)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pageMarkdown(n, page)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fidelityProblems("fixtures.ipynb", "HTML export", n, ref, got) {
		t.Errorf("false alarm: %s", p)
	}
	md := filepath.Join(t.TempDir(), "fixtures.md")
	if err := env.ExportMarkdown(context.Background(), path, md); err != nil {
		t.Fatal(err)
	}
	for _, p := range markdownExportProblems(t, bctx, "fixtures.ipynb", n, md) {
		t.Errorf("false alarm: %s", p)
	}

	// The real front ends: the code span between two formulas breaks there.
	for _, client := range clients {
		base, token := startJupyter(t, env, client.command, dir)
		run, err := browser.RunInJupyter(bctx, base+client.path+"fixtures.ipynb?reset&token="+token, "fixtures.ipynb", 3*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		live := map[int]browser.Summary{}
		for _, c := range run.Cells {
			if c.Markdown != nil {
				live[c.Index] = *c.Markdown
			}
		}
		problems := fidelityProblems("fixtures.ipynb", client.name, n, ref, live)
		want := fmt.Sprintf("fixtures.ipynb: cell 2 (%s) differs in the %s: code 0, want 1", n.Cells[2].FirstLine(), client.name)
		if len(problems) != 1 || !strings.HasPrefix(problems[0], want) {
			t.Errorf("%s: want exactly the code span between formulas reported (%q); got:\n%s", client.name, want, strings.Join(problems, "\n"))
		}
	}

	// The authoring rule that keeps it out of the notebooks.
	if got := strings.Join(sourceProblems(n), "\n"); !strings.Contains(got, "markdown cell 2 (so it needs") || !strings.Contains(got, "code span touching a formula") {
		t.Errorf("the clean-sources check lets a code span touching a formula through:\n%s", got)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
