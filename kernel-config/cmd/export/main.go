// Command export executes every notebook headless with the GoNB kernel and
// exports it; `make` runs it after the set-up.
//
//	go run ./kernel-config/cmd/export [-out exports] [-formats ipynb,html,pdf,md,png] [NOTEBOOK...]
//
// Per notebook NAME it writes into the output directory:
//
//	NAME.ipynb   the executed notebook (outputs in, stream chunks merged)
//	NAME.html    HTML with the math typeset to static SVG: no script, no network
//	NAME.pdf     that HTML printed by headless Chromium
//	NAME.md      Markdown, plots as PNG files in NAME_files/, tables as Markdown tables
//	NAME.png     a screenshot of the HTML's first screen
//	NAME.tex.pdf the LaTeX route (xelatex), with -formats latexpdf (make pdf-latex)
//
// Go runs with GOPROXY=off: nothing may need the network once set up. A cell
// that fails, or a formula that does not typeset, makes the command fail.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
)

func main() {
	out := flag.String("out", "", "output directory (default: exports/ in the repository)")
	formats := flag.String("formats", "ipynb,html,pdf,md,png", "what to write: ipynb,html,pdf,md,png,latexpdf")
	reuse := flag.Bool("reuse", false, "reuse an executed OUT/NAME.ipynb when it exists instead of executing again")
	flag.Parse()
	if err := runAll(*out, *formats, *reuse, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "[export] error:", err)
		os.Exit(1)
	}
}

func runAll(out, formats string, reuse bool, notebooks []string) error {
	want := map[string]bool{}
	for _, f := range strings.Split(formats, ",") {
		switch f = strings.TrimSpace(f); f {
		case "ipynb", "html", "pdf", "md", "png", "latexpdf":
			want[f] = true
		case "":
		default:
			return fmt.Errorf("unknown format %q (want ipynb, html, pdf, md, png, latexpdf)", f)
		}
	}
	repo, err := nb.FindRepo(".")
	if err != nil {
		return err
	}
	env, err := nb.FindEnv(repo)
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(repo, "exports")
	}
	if len(notebooks) == 0 {
		notebooks, _ = filepath.Glob(filepath.Join(repo, "notebooks", "*.ipynb"))
		sort.Strings(notebooks)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	var failed []string
	for _, src := range notebooks {
		if err := exportOne(ctx, env, src, out, want, reuse); err != nil {
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

func exportOne(ctx context.Context, env nb.Env, src, out string, want map[string]bool, reuse bool) error {
	name := strings.TrimSuffix(filepath.Base(src), ".ipynb")
	ipynb := filepath.Join(out, name+".ipynb")
	var steps []string
	step := func(label string, f func() error) error {
		t0 := time.Now()
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		steps = append(steps, fmt.Sprintf("%s %.1f s", label, time.Since(t0).Seconds()))
		return nil
	}
	if _, err := os.Stat(ipynb); !reuse || err != nil {
		err := step("execute", func() error {
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
		})
		if err != nil {
			return err
		}
	}
	html := filepath.Join(out, name+".html")
	if want["html"] || want["pdf"] || want["png"] {
		if err := step("html", func() error { return env.ExportHTML(ctx, ipynb, html) }); err != nil {
			return err
		}
	}
	if want["pdf"] {
		if err := step("pdf", func() error { return env.PrintPDF(ctx, html, filepath.Join(out, name+".pdf")) }); err != nil {
			return err
		}
	}
	if want["png"] {
		if err := step("screenshot", func() error { return env.Screenshot(ctx, html, filepath.Join(out, name+".png")) }); err != nil {
			return err
		}
	}
	if want["md"] {
		if err := step("md", func() error { return env.ExportMarkdown(ctx, ipynb, filepath.Join(out, name+".md")) }); err != nil {
			return err
		}
	}
	if want["latexpdf"] {
		err := step("latex pdf", func() error { return env.LaTeXPDF(ctx, ipynb, filepath.Join(out, name+".tex.pdf")) })
		if errors.Is(err, nb.ErrNoLaTeX) {
			return err
		} else if err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "[export] %-40s %s\n", name, strings.Join(steps, " · "))
	return nil
}
