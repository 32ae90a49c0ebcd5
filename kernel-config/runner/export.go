package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"

	"github.com/dl-course/hw2/kernel-config/browser"
)

// Chromium returns the headless browser recorded by setup.sh.
func (e Env) Chromium() (string, error) {
	b, err := os.ReadFile(e.Path(chromiumFile))
	if err != nil {
		return "", fmt.Errorf("%w: no Chromium recorded in %s", ErrNotSetUp, chromiumFile)
	}
	return strings.TrimSpace(string(b)), nil
}

// run executes a command, returning its combined output in the error.
func run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, tail(string(out), 30))
	}
	return out, nil
}

// nbconvert runs the project's nbconvert with the shared configuration.
func (e Env) nbconvert(ctx context.Context, args ...string) ([]byte, error) {
	args = append([]string{"-m", "nbconvert", "--config", e.Config("nbconvert_config.py")}, args...)
	cmd := e.Command(ctx, e.Repo, nil, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("nbconvert %s: %v\n%s", strings.Join(args[4:], " "), err, tail(string(out), 30))
	}
	return out, nil
}

func withoutSetup() []string {
	return []string{"--TagRemovePreprocessor.enabled=True", `--TagRemovePreprocessor.remove_cell_tags=["` + nb.SetupTag + `"]`}
}

// ExportHTML writes the HTML export of an executed notebook: nbconvert with
// the hw2 template (lab layout, no scripts), then the math typeset to static
// SVG by MathJax 3 in node. The page needs no network and no MathJax. A
// formula that does not typeset is an error naming it.
func (e Env) ExportHTML(ctx context.Context, ipynb, html string) error {
	ipynb, html, done, err := exportable(ipynb, html)
	if err != nil {
		return err
	}
	defer done()
	dir := filepath.Dir(html)
	name := strings.TrimSuffix(filepath.Base(html), ".html")
	raw := "." + name + ".raw"
	args := append([]string{"--to", "html", "--template", "hw2",
		"--TemplateExporter.extra_template_basedirs=" + e.Config("nbconvert/templates")},
		withoutSetup()...)
	args = append(args, "--output-dir", dir, "--output", raw, ipynb)
	if _, err := e.nbconvert(ctx, args...); err != nil {
		return err
	}
	rawPath := filepath.Join(dir, raw+".html")
	defer os.Remove(rawPath)
	_, err = run(ctx, e.Repo, nil, "node", e.Config("node/typeset.js"), rawPath, html)
	return err
}

// ExportMarkdown writes NAME.md next to the plots it references (extracted
// as PNG files into NAME_files/), with tables as Markdown tables: the
// text/markdown form of a table is preferred over its HTML.
func (e Env) ExportMarkdown(ctx context.Context, ipynb, md string) error {
	ipynb, md, done, err := exportable(ipynb, md)
	if err != nil {
		return err
	}
	defer done()
	dir := filepath.Dir(md)
	name := strings.TrimSuffix(filepath.Base(md), ".md")
	args := append([]string{"--to", "markdown", "--template", "hw2md",
		"--TemplateExporter.extra_template_basedirs=" + e.Config("nbconvert/templates"),
		`--NbConvertBase.display_data_priority=["text/markdown","image/png","image/jpeg","text/plain"]`},
		withoutSetup()...)
	args = append(args, "--output-dir", dir, "--output", name, ipynb)
	_, err = e.nbconvert(ctx, args...)
	return err
}

// withBrowser runs f with a headless Chromium (browser.Start: the one
// launcher and set of flags of the project), closed afterwards.
func (e Env) withBrowser(ctx context.Context, f func(bctx context.Context) error) error {
	chromium, err := e.Chromium()
	if err != nil {
		return err
	}
	bctx, cancel, err := browser.Start(ctx, chromium)
	if err != nil {
		return err
	}
	defer cancel()
	return f(bctx)
}

// PrintPDF prints an HTML export to PDF with headless Chromium: A4, default
// margins, no header or footer. The math is already static, so nothing
// needs to wait for a script.
func (e Env) PrintPDF(ctx context.Context, html, pdf string) error {
	return e.withBrowser(ctx, func(bctx context.Context) error {
		b, err := browser.PrintPDF(bctx, html)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(b, []byte("%PDF")) {
			return fmt.Errorf("nb: Chromium wrote no PDF for %s", html)
		}
		return os.WriteFile(pdf, b, 0o644)
	})
}

// Screenshot writes a PNG of the first screen (1200×1500 CSS pixels) of an
// HTML export, for people to look at.
func (e Env) Screenshot(ctx context.Context, html, png string) error {
	return e.withBrowser(ctx, func(bctx context.Context) error {
		b, err := browser.Screenshot(bctx, html, 1200, 1500)
		if err != nil {
			return err
		}
		return os.WriteFile(png, b, 0o644)
	})
}

// ErrNoLaTeX is wrapped by LaTeXPDF's error when xelatex is not installed.
var ErrNoLaTeX = errors.New("xelatex is not installed (run `kernel-config/setup.sh --latex` or `make pdf-latex`)")

// LaTeXPDF writes pdf through nbconvert's LaTeX route with xelatex, with the
// hw2latex template: fonts that have the notebooks' Unicode (θ, ‖, ✓,
// subscripts), plots as PNG, tables from their Markdown form (pandoc turns
// them into LaTeX tables). It runs nbconvert --to latex and xelatex itself
// (twice, for references) so that it can read the log: a character missing
// from the fonts, which xelatex only warns about and drops, is an error here.
func (e Env) LaTeXPDF(ctx context.Context, ipynb, pdf string) error {
	ipynb, pdf, done, err := exportable(ipynb, pdf)
	if err != nil {
		return err
	}
	defer done()
	if _, err := exec.LookPath("xelatex"); err != nil {
		return ErrNoLaTeX
	}
	work, err := os.MkdirTemp("", "hw2-latex-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	name := strings.TrimSuffix(filepath.Base(pdf), ".pdf")
	name = strings.TrimSuffix(name, ".tex")
	args := append([]string{"--to", "latex", "--template", "hw2latex",
		"--TemplateExporter.extra_template_basedirs=" + e.Config("nbconvert/templates"),
		`--NbConvertBase.display_data_priority=["text/latex","application/pdf","image/png","image/jpeg","text/markdown","text/plain"]`},
		withoutSetup()...)
	args = append(args, "--output-dir", work, "--output", name, ipynb)
	if _, err := e.nbconvert(ctx, args...); err != nil {
		return err
	}
	for range 2 {
		if _, err := run(ctx, work, nil, "xelatex", "-interaction=nonstopmode", "-halt-on-error", name+".tex"); err != nil {
			return err
		}
	}
	log, err := os.ReadFile(filepath.Join(work, name+".log"))
	if err != nil {
		return err
	}
	if missing := MissingGlyphs(string(log)); len(missing) > 0 {
		return fmt.Errorf("xelatex dropped characters missing from the fonts: %s", strings.Join(missing, "; "))
	}
	// Half of the 1 in margin: a line that reaches further comes close to
	// the edge of the page (small overflows inside table cells do not show).
	if wide := Overfull(string(log), 36); len(wide) > 0 {
		return fmt.Errorf("xelatex set lines reaching into the page's margin: %s", strings.Join(wide, "; "))
	}
	b, err := os.ReadFile(filepath.Join(work, name+".pdf"))
	if err != nil {
		return err
	}
	return os.WriteFile(pdf, b, 0o644)
}

var overfullRE = regexp.MustCompile(`(?m)^Overfull \\hbox \(([0-9.]+)pt too wide\)[^\n]*\n(.*)$`)

// Overfull lists the lines of a xelatex log that stick out of the text
// width by more than limit points ("Overfull \hbox (12.3pt too wide)"),
// with the start of their text.
func Overfull(log string, limit float64) []string {
	var out []string
	for _, m := range overfullRE.FindAllStringSubmatch(log, -1) {
		if pt, err := strconv.ParseFloat(m[1], 64); err == nil && pt > limit {
			out = append(out, fmt.Sprintf("%spt too wide: %.60s", m[1], strings.TrimSpace(m[2])))
		}
	}
	return out
}

// MissingGlyphs lists, once each, the "Missing character: There is no X in
// font F" warnings of a xelatex log.
func MissingGlyphs(log string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(log, "\n") {
		const p = "Missing character: There is no "
		if i := strings.Index(line, p); i >= 0 {
			msg := strings.TrimSuffix(strings.TrimSpace(line[i+len(p):]), "!")
			if !seen[msg] {
				seen[msg] = true
				out = append(out, msg)
			}
		}
	}
	return out
}

// MathLint lints the formulas of the markdown cells of the notebooks under
// MathJax 3, MathJax 2 and the xelatex rules (kernel-config/node/mathlint.js).
// It returns the report and an error when a formula fails.
func (e Env) MathLint(ctx context.Context, notebooks ...string) (string, error) {
	args := []string{e.Config("node/mathlint.js")}
	for _, n := range notebooks {
		abs, err := filepath.Abs(n)
		if err != nil {
			return "", err
		}
		args = append(args, abs)
	}
	out, err := run(ctx, e.Repo, nil, "node", args...)
	return string(out), err
}

// exportable prepares an export of the executed notebook ipynb to out: it
// makes both paths absolute (nbconvert runs in the repository) and writes a
// copy of the notebook as readers see it (Notebook.ForReaders: no hidden
// tests, no solution-marker lines), under the same name in a temporary
// directory. It returns that copy's path, out's absolute path and a
// function removing the copy.
func exportable(ipynb, out string) (src, dst string, done func(), err error) {
	if ipynb, err = filepath.Abs(ipynb); err != nil {
		return "", "", nil, err
	}
	if dst, err = filepath.Abs(out); err != nil {
		return "", "", nil, err
	}
	n, err := nb.Read(ipynb)
	if err != nil {
		return "", "", nil, err
	}
	c, err := n.ForReaders()
	if err != nil {
		return "", "", nil, err
	}
	dir, err := os.MkdirTemp("", "hw2-export-")
	if err != nil {
		return "", "", nil, err
	}
	src = filepath.Join(dir, filepath.Base(ipynb))
	if err := c.Write(src); err != nil {
		os.RemoveAll(dir)
		return "", "", nil, err
	}
	return src, dst, func() { os.RemoveAll(dir) }, nil
}
