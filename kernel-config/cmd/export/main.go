// Command export executes every notebook headless with the GoNB kernel and
// exports it; `make` runs it after the set-up.
//
//	go run ./kernel-config/cmd/export [-out exports] [-formats html,pdf,md,png] [-reuse] [NOTEBOOK...]
//
// Per notebook NAME it writes into the output directory:
//
//	NAME.ipynb   the executed notebook (outputs in, stream chunks merged): always
//	NAME.html    HTML with the math typeset to static SVG: no script, no network
//	NAME.pdf     that HTML printed by headless Chromium (A4)
//	NAME.md      Markdown, plots as PNG files in NAME_files/, tables as Markdown tables
//	NAME.png     a screenshot of the HTML's first screen
//	NAME.tex.pdf the LaTeX route (xelatex), with -formats latexpdf (make pdf-latex)
//
// Go runs with GOPROXY=off: nothing may need the network once set up. A cell
// that fails, or a formula that does not typeset, makes the command fail.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/runner"
)

// formats are what -formats may name, in the order they are written.
var formats = []string{"html", "pdf", "png", "md", "latexpdf"}

func main() {
	out := flag.String("out", "", "output directory (default: exports/ in the repository)")
	list := flag.String("formats", "html,pdf,md,png", "what to write besides NAME.ipynb: "+strings.Join(formats, ","))
	reuse := flag.Bool("reuse", false, "reuse an executed OUT/NAME.ipynb when it exists instead of executing again")
	flag.Parse()
	if err := runAll(*out, *list, *reuse, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "[export] error:", err)
		os.Exit(1)
	}
}

// parseFormats returns the set of formats a -formats list names.
func parseFormats(list string) (map[string]bool, error) {
	want := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		known := false
		for _, k := range formats {
			known = known || f == k
		}
		if !known {
			return nil, fmt.Errorf("unknown format %q (want some of %s)", f, strings.Join(formats, ", "))
		}
		want[f] = true
	}
	return want, nil
}

func runAll(out, list string, reuse bool, notebooks []string) error {
	want, err := parseFormats(list)
	if err != nil {
		return err
	}
	repo, err := runner.FindRepo(".")
	if err != nil {
		return err
	}
	env, err := runner.FindEnv(repo)
	if err != nil {
		return err
	}
	if out == "" {
		out = env.Path("exports")
	}
	if len(notebooks) == 0 {
		notebooks, _ = filepath.Glob(env.Path("notebooks/*.ipynb"))
		sort.Strings(notebooks)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var failed []string
	for _, src := range notebooks {
		if err := exportOne(context.Background(), env, src, out, want, reuse); err != nil {
			fmt.Fprintf(os.Stderr, "[export] %s: %v\n", filepath.Base(src), err)
			failed = append(failed, filepath.Base(src))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d notebook(s) failed: %s", len(failed), strings.Join(failed, ", "))
	}
	abs, _ := filepath.Abs(out)
	fmt.Fprintf(os.Stderr, "[export] results in %s/\n", abs)
	return nil
}

// execute runs the notebook src into out, failing when a cell failed.
func execute(ctx context.Context, env runner.Env, src, out string) error {
	run, err := env.Execute(ctx, src, out, "GOPROXY=off", "GOFLAGS=")
	if err != nil {
		return err
	}
	if errs := run.Notebook.Errors(); len(errs) > 0 {
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&b, "\n  %v", e)
		}
		return fmt.Errorf("%d cell(s) failed:%s", len(errs), b.String())
	}
	return nil
}

// exportOne executes one notebook (unless reused) and writes the formats
// wanted, printing the time of each step.
func exportOne(ctx context.Context, env runner.Env, src, out string, want map[string]bool, reuse bool) error {
	name := strings.TrimSuffix(filepath.Base(src), ".ipynb")
	at := func(ext string) string { return filepath.Join(out, name+ext) }
	ipynb, html := at(".ipynb"), at(".html")
	steps := []struct {
		label string
		skip  bool
		do    func() error
	}{
		{"execute", reuse && exists(ipynb), func() error { return execute(ctx, env, src, out) }},
		{"html", !(want["html"] || want["pdf"] || want["png"]), func() error { return env.ExportHTML(ctx, ipynb, html) }},
		{"pdf", !want["pdf"], func() error { return env.PrintPDF(ctx, html, at(".pdf")) }},
		{"screenshot", !want["png"], func() error { return env.Screenshot(ctx, html, at(".png")) }},
		{"md", !want["md"], func() error { return env.ExportMarkdown(ctx, ipynb, at(".md")) }},
		{"latex pdf", !want["latexpdf"], func() error { return env.LaTeXPDF(ctx, ipynb, at(".tex.pdf")) }},
	}
	var done []string
	for _, s := range steps {
		if s.skip {
			continue
		}
		t0 := time.Now()
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
		done = append(done, fmt.Sprintf("%s %.1f s", s.label, time.Since(t0).Seconds()))
	}
	fmt.Fprintf(os.Stderr, "[export] %-40s %s\n", name, strings.Join(done, " · "))
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
