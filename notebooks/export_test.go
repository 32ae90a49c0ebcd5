package notebooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

// requireLaTeX reports whether a missing xelatex must fail the LaTeX tests:
// under CI=true, and with HW2_REQUIRE_LATEX=1 (make test installs TeX Live
// and sets it).
func requireLaTeX() bool { return os.Getenv("CI") == "true" || os.Getenv("HW2_REQUIRE_LATEX") == "1" }

// startBrowser starts headless Chromium for a test.
func startBrowser(t *testing.T, env runner.Env) context.Context {
	t.Helper()
	path, err := env.Chromium()
	if err != nil {
		if requireJupyter() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx, cancel, err := browser.Start(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return ctx
}

// TestMathLint: every formula of every notebook parses under MathJax 3 and 2
// and uses nothing xelatex rejects; a broken formula is reported with the
// notebook, the cell and the formula.
func TestMathLint(t *testing.T) {
	env := jupyter(t)
	ctx := context.Background()
	start := time.Now()
	out, err := env.MathLint(ctx, notebooks(t)...)
	if err != nil {
		t.Fatalf("math lint:\n%v", err)
	}
	t.Logf("%s(%.1f s)", out, time.Since(start).Seconds())

	bad := filepath.Join(t.TempDir(), "broken.ipynb")
	writeNotebook(t, bad, []*nb.Cell{
		{CellType: "markdown", Source: "Fine: $a^2$.\n\nBroken: $\\frac{1}{$ and $$x \\coloneqq 1$$"},
	})
	out, err = env.MathLint(ctx, bad)
	if err == nil {
		t.Fatalf("a notebook with \\frac{1}{ passed the lint:\n%s", out)
	}
	for _, want := range []string{"broken.ipynb: cell 0", `\frac{1}{`, "Missing close brace", `\coloneqq`, "xelatex"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("lint report lacks %q:\n%v", want, err)
		}
	}
}

func writeNotebook(t *testing.T, path string, cells []*nb.Cell) {
	t.Helper()
	n := &nb.Notebook{Cells: cells, NBFormat: 4, NBFormatMinor: 5,
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}}}
	for i, c := range n.Cells {
		c.ID = fmt.Sprintf("cell-%d", i)
		if c.Metadata == nil {
			c.Metadata = map[string]any{}
		}
	}
	if err := n.Write(path); err != nil {
		t.Fatal(err)
	}
}

// renderedProblems compares what the executed notebook holds with what its
// HTML export shows in a browser: the same cells (the set-up cells left
// out), every plot visible with a non-zero size, every table present, no
// formula in error, no raw TeX left, no remote resource.
func renderedProblems(n *nb.Notebook, page *browser.Page) []string {
	var out []string
	var cells []*nb.Cell
	var index []int
	for i, c := range n.Cells {
		if !c.HasTag(nb.SetupTag) {
			cells = append(cells, c)
			index = append(index, i)
		}
	}
	if len(cells) != len(page.Cells) {
		return append(out, fmt.Sprintf("%d cells in the notebook (without set-up), %d in the HTML", len(cells), len(page.Cells)))
	}
	for k, c := range cells {
		if c.CellType != "code" {
			continue
		}
		plots, tables := 0, 0
		for _, o := range c.Outputs {
			if o.Data["image/png"] != nil || o.Data["image/svg+xml"] != nil || o.Data["image/jpeg"] != nil {
				plots++
			}
			if strings.Contains(o.DataText("text/html"), "<table") {
				tables++
			}
		}
		got := page.Cells[k]
		if got.Visible != plots {
			out = append(out, fmt.Sprintf("cell %d (%s): %d plot(s) in the notebook, %d visible in the HTML", index[k], c.FirstLine(), plots, got.Visible))
		}
		if got.Tables < tables {
			out = append(out, fmt.Sprintf("cell %d (%s): %d table(s) in the notebook, %d in the HTML", index[k], c.FirstLine(), tables, got.Tables))
		}
	}
	for _, e := range page.MathErrors {
		out = append(out, "formula in error: "+e)
	}
	for _, r := range page.RawTeX {
		out = append(out, "math left untypeset: "+r)
	}
	for _, r := range page.Remote {
		out = append(out, "remote resource: "+r)
	}
	for _, o := range page.Overflow {
		var k int
		var rest string
		if _, err := fmt.Sscanf(o, "cell %d:", &k); err == nil && k < len(cells) {
			rest = o[strings.Index(o, ":")+1:]
			o = fmt.Sprintf("cell %d (%s):%s", index[k], cells[k].FirstLine(), rest)
		}
		out = append(out, "cut off in print: "+o)
	}
	if page.Formulas == 0 {
		out = append(out, "no typeset formula at all")
	}
	return out
}

// TestExports exports every executed notebook to HTML, PDF (Chromium),
// Markdown and, with xelatex, PDF through LaTeX, and checks each: the HTML
// renders in Chromium with no math error, every plot visible and every table
// present, and fetches nothing from the network; a screenshot of its first
// screen goes to exports/NAME.png.
func TestExports(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	shots := filepath.Join(env.Repo, "exports")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			run := executed(t, name)
			ctx := context.Background()
			dir := t.TempDir()
			base := strings.TrimSuffix(name, ".ipynb")
			timed := func(label string, f func() error) {
				t.Helper()
				start := time.Now()
				if err := f(); err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				t.Logf("%s: %.1f s", label, time.Since(start).Seconds())
			}

			html := filepath.Join(dir, base+".html")
			timed("HTML", func() error { return env.ExportHTML(ctx, run.Path, html) })
			page, err := browser.Inspect(bctx, html)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range renderedProblems(run.Notebook, page) {
				t.Error(p)
			}
			t.Logf("HTML: %d cells, %d formulas", len(page.Cells), page.Formulas)
			ref := withoutSetupCells(run.Notebook, reference(t, bctx, run.Notebook))
			if got, err := pageMarkdown(run.Notebook, page); err != nil {
				t.Error(err)
			} else {
				gate(t, "HTML export", len(ref), fidelityProblems(name, "HTML export", run.Notebook, ref, got))
			}
			b, _ := os.ReadFile(html)
			if regexp.MustCompile(`(?i)<script|https?://[^"' ]*\.(js|css)\b`).Match(b) {
				t.Error("the HTML export holds a script or a remote script/stylesheet reference")
			}
			timed("screenshot", func() error { return env.Screenshot(ctx, html, filepath.Join(shots, base+".png")) })

			pdf := filepath.Join(dir, base+".pdf")
			timed("PDF (Chromium)", func() error { return env.PrintPDF(ctx, html, pdf) })
			if st, err := os.Stat(pdf); err != nil || st.Size() < 20_000 {
				t.Errorf("Chromium PDF missing or tiny: %v", err)
			}
			gate(t, "Chromium PDF", 0, pdfProblems(name, "Chromium PDF", run.Notebook, pdfText(t, pdf)))
			if pages, err := pdfPages(pdf); err != nil {
				t.Error(err)
			} else if t.Logf("Chromium PDF: %d A4 pages", pages); pages > maxPDFPages {
				t.Errorf("the Chromium PDF has %d A4 pages, want at most %d", pages, maxPDFPages)
			}
			if blank, err := blankPages(pdf); err != nil {
				t.Error(err)
			} else if len(blank) > 0 {
				t.Errorf("the Chromium PDF has blank pages: %v", blank)
			}
			if orphans, err := checkLinesAtPageTop(pdf); err != nil {
				t.Error(err)
			} else if len(orphans) > 0 {
				t.Errorf("the Chromium PDF has pages that start with a check line, away from the cell that printed it: %v", orphans)
			}

			md := filepath.Join(dir, base+".md")
			timed("Markdown", func() error { return env.ExportMarkdown(ctx, run.Path, md) })
			checkMarkdown(t, md, run.Notebook)
			gate(t, "Markdown export", len(ref), markdownExportProblems(t, bctx, name, run.Notebook, md))

			latex := filepath.Join(dir, base+".tex.pdf")
			err = env.LaTeXPDF(ctx, run.Path, latex)
			switch {
			case errors.Is(err, runner.ErrNoLaTeX) && !requireLaTeX():
				t.Logf("LaTeX route not checked: %v", err)
			case err != nil:
				t.Errorf("LaTeX PDF: %v", err)
			default:
				gate(t, "LaTeX PDF", 0, pdfProblems(name, "LaTeX PDF", run.Notebook, pdfText(t, latex)))
				// What users type, with nbconvert's own template, must work too.
				plain := env.Command(ctx, dir, nil, "-m", "nbconvert", "--to", "pdf", "--output-dir", dir, "--output", "plain", run.Path)
				if out, err := plain.CombinedOutput(); err != nil {
					t.Errorf("jupyter nbconvert --to pdf failed: %v\n%s", err, out)
				}
			}
		})
	}
}

// checkMarkdown: tables as Markdown tables, no HTML tables, every plot an
// image file that exists.
func checkMarkdown(t *testing.T, md string, n *nb.Notebook) {
	t.Helper()
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	wantTables, wantPlots := countDisplays(n)
	if got := len(regexp.MustCompile(`(?m)^\|(\s*:?-+:?\s*\|)+\s*$`).FindAllString(text, -1)); got < wantTables {
		t.Errorf("Markdown: %d tables, want %d", got, wantTables)
	}
	if strings.Contains(text, "<table") {
		t.Error("Markdown export holds HTML tables")
	}
	imgs := regexp.MustCompile(`<img src="([^"]+)"|!\[[^\]]*\]\(([^)]+)\)`).FindAllStringSubmatch(text, -1)
	if len(imgs) < wantPlots {
		t.Errorf("Markdown: %d images, want %d", len(imgs), wantPlots)
	}
	for _, m := range imgs {
		src := m[1] + m[2]
		if strings.HasPrefix(src, "data:") {
			continue
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(md), src)); err != nil {
			t.Errorf("Markdown references a missing image %s", src)
		}
	}
}

// TestRenderedCheckCatchesBrokenPlot: a plot that does not show in the HTML
// export (here a PNG whose data is not an image) is reported, naming the
// cell.
func TestRenderedCheckCatchesBrokenPlot(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	run := executed(t, q2)
	b, err := run.Notebook.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	broken, err := nb.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	cell := -1
	for i, c := range broken.Cells {
		for k, o := range c.Outputs {
			if o.Data["image/png"] != nil && cell < 0 {
				c.Outputs[k].Data["image/png"] = "bm90IGFuIGltYWdl" // base64 of "not an image"
				cell = i
			}
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "broken_plot.ipynb")
	if err := broken.Write(path); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "broken_plot.html")
	if err := env.ExportHTML(context.Background(), path, html); err != nil {
		t.Fatal(err)
	}
	page, err := browser.Inspect(bctx, html)
	if err != nil {
		t.Fatal(err)
	}
	problems := renderedProblems(broken, page)
	want := fmt.Sprintf("cell %d (", cell)
	if len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), want) {
		t.Errorf("a broken plot in cell %d went unnoticed; problems: %q", cell, problems)
	}
}

// TestCleanSourcesCatchOutputs: a notebook committed with outputs is
// reported, naming the cells.
func TestCleanSourcesCatchOutputs(t *testing.T) {
	run := executed(t, q2)
	problems := strings.Join(sourceProblems(run.Notebook), "\n")
	if !strings.Contains(problems, "committed outputs") || !strings.Contains(problems, "execution count") {
		t.Errorf("an executed notebook passed as clean: %q", problems)
	}
}

// TestFailingPlotCellCaught: a notebook whose plot cell fails is reported,
// naming the cell and the reason, with no panic trace.
func TestFailingPlotCellCaught(t *testing.T) {
	env := jupyter(t)
	src, err := nb.Read(q2)
	if err != nil {
		t.Fatal(err)
	}
	setup := src.Code()[0]
	dir := variantDir(t)
	path := filepath.Join(dir, "failing_plot.ipynb")
	writeNotebook(t, path, []*nb.Cell{
		{CellType: "code", Source: setup.Source, Metadata: map[string]any{"tags": []any{"setup"}}},
		{CellType: "code", Source: "import (\n\t\"github.com/dl-course/hw2/hwkit/figure\"\n\t\"github.com/dl-course/hw2/hwkit/plot\"\n)\n\n%%\nplot.Show(figure.New(\"empty\", \"x\", \"y\"))"},
	})
	run := execute(t, env, path)
	problems := strings.Join(cleanProblems(run.Notebook), "\n")
	for _, want := range []string{"cell 1 (import (", "figure: no series to plot"} {
		if !strings.Contains(problems, want) {
			t.Errorf("failing plot cell not reported with %q; problems:\n%s", want, problems)
		}
	}
	if strings.Contains(problems, "panic") {
		t.Errorf("the failure shows a panic:\n%s", problems)
	}
}

// TestDeterministic executes every notebook a second time: the outputs must
// be byte-identical (after merging stream chunks) to the first execution.
func TestDeterministic(t *testing.T) {
	env := jupyter(t)
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			first := executed(t, name)
			second := execute(t, env, name)
			if len(first.Notebook.Cells) != len(second.Notebook.Cells) {
				t.Fatal("cell counts differ")
			}
			for i := range first.Notebook.Cells {
				a, _ := json.Marshal(first.Notebook.Cells[i].Outputs)
				b, _ := json.Marshal(second.Notebook.Cells[i].Outputs)
				if !bytes.Equal(a, b) {
					t.Errorf("cell %d (%s): outputs differ between two executions:\n%s", i, first.Notebook.Cells[i].FirstLine(), firstDiff(string(a), string(b)))
				}
			}
		})
	}
}

// firstDiff shows the neighbourhood of the first difference of two strings.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	clip := func(s string) string { return s[lo:min(len(s), i+80)] }
	return "first run:  …" + clip(a) + "…\nsecond run: …" + clip(b) + "…"
}

// TestCleanSourcesCatchYAMLRules: two --- lines in one markdown cell break
// the LaTeX route and are reported.
func TestCleanSourcesCatchYAMLRules(t *testing.T) {
	n := &nb.Notebook{Cells: []*nb.Cell{{CellType: "markdown", Source: "---\n## Part\ntext\n---\n"}}}
	if got := strings.Join(sourceProblems(n), "\n"); !strings.Contains(got, "markdown cell 0 (---) has two --- rules") {
		t.Errorf("got %q", got)
	}
}
