// Package display shows tables, plots and Markdown in a GoNB notebook cell.
//
// It is the only hwkit package that talks to the notebook (GoNB's display
// protocol, see gonb.go) and the only one that imports the plotting stack
// (gonum/plot). Every output carries several MIME types so each front end
// and exporter finds one it renders:
//
//   - tables: text/html, text/markdown and text/plain in one output;
//   - plots: image/png drawn at 2× with its display width in the output
//     metadata, plus text/plain (a description of the series);
//   - Markdown: text/markdown plus text/plain.
//
// Outside a notebook (go test, go run) nothing is sent to a front end: the
// plain-text form is printed on standard output instead, so the same code
// runs everywhere. Answer checks are printed as text by package check, which
// cells can use without linking this package.
package display

import (
	"encoding/gob"
	"fmt"
	"io"
	"os"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

func init() {
	// Output metadata holds nested maps ({"image/png": {"width": 480}}):
	// without registering the type, gob refuses to encode it and nothing
	// is displayed, silently.
	gob.Register(map[string]any{})
}

// InNotebook reports whether the program runs as a GoNB cell, i.e. whether
// displays reach a notebook front end.
func InNotebook() bool { return os.Getenv(pipeEnv) != "" }

// Bundle is one output with several representations, keyed by MIME type.
type Bundle struct {
	// Data maps a MIME type ("text/html", "image/png", ...) to its content:
	// a string, or []byte for images.
	Data map[string]any
	// Metadata maps a MIME type to its display metadata, e.g.
	// {"image/png": {"width": 480}}.
	Metadata map[string]any
}

// TableBundle returns the output bundle for t: text/html, text/markdown and
// text/plain.
func TableBundle(t *table.Table) Bundle {
	return Bundle{Data: map[string]any{
		"text/html":     t.HTML(),
		"text/markdown": t.Markdown(),
		"text/plain":    t.String(),
	}}
}

// Send shows b in the notebook, or prints its text/plain part on w when not
// in a notebook. It waits until the kernel has received the output, so no
// output is lost when the cell's program exits right after. If the
// connection to the kernel fails it prints "✗ error: ..." on standard error
// and exits with status 1: a display must not vanish silently.
func Send(w io.Writer, b Bundle) {
	if !InNotebook() {
		if s, ok := b.Data["text/plain"].(string); ok {
			fmt.Fprint(w, s)
			if len(s) > 0 && s[len(s)-1] != '\n' {
				fmt.Fprintln(w)
			}
		}
		return
	}
	err := conn.send(&displayData{Data: b.Data, Metadata: b.Metadata})
	if err == nil {
		err = conn.sync()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "✗ error: "+err.Error())
		os.Exit(1)
	}
}

// Table shows t as one output with HTML, Markdown and plain-text forms.
func Table(t *table.Table) { Send(os.Stdout, TableBundle(t)) }

// Tables shows several tables, one output each.
func Tables(ts ...*table.Table) {
	for _, t := range ts {
		Table(t)
	}
}

// Markdown shows md as Markdown (with $…$ math rendered by the front end);
// plain-text front ends see md itself.
func Markdown(md string) {
	Send(os.Stdout, Bundle{Data: map[string]any{"text/markdown": md, "text/plain": md}})
}

// AnswerBundle returns the output bundle of a boxed answer: text/markdown
// holding the display formula $$\boxed{tex}$$ (typeset by MathJax in
// Jupyter and at export time in the HTML, by LaTeX in the LaTeX PDF) and
// text/plain holding plain, the same statement for text-only readers.
func AnswerBundle(tex, plain string) Bundle {
	return Bundle{Data: map[string]any{"text/markdown": "$$\\boxed{" + tex + "}$$", "text/plain": plain}}
}

// Answer shows a boxed answer: tex is the formula in the box (TeX, without
// $ delimiters; use \begin{aligned}…\end{aligned} for several lines), plain
// the same statement in plain text. Outside a notebook it prints plain.
func Answer(tex, plain string) { Send(os.Stdout, AnswerBundle(tex, plain)) }

// Figure draws f and shows it as a PNG (2× resolution, displayed at f's
// width) with a plain-text description. Outside a notebook it prints the
// description only, after checking that f can be drawn. If f cannot be drawn
// it prints "✗ error: ..." on standard error and exits with status 1 (a
// readable cell failure, not a panic).
func Figure(f *figure.Figure) {
	var b Bundle
	var err error
	if InNotebook() {
		b, err = FigureBundle(f)
	} else {
		err = f.Validate()
		b = Bundle{Data: map[string]any{"text/plain": f.String()}}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "✗ error: "+err.Error())
		os.Exit(1)
	}
	Send(os.Stdout, b)
}

// Figures shows several figures, one output each.
func Figures(fs ...*figure.Figure) {
	for _, f := range fs {
		Figure(f)
	}
}

// FigureBundle draws f and returns its output bundle: image/png with the
// display width in the metadata, and text/plain.
func FigureBundle(f *figure.Figure) (Bundle, error) {
	png, err := PNG(f)
	if err != nil {
		return Bundle{}, err
	}
	w, h := f.Size()
	return Bundle{
		Data: map[string]any{
			"image/png":  png,
			"text/plain": f.String(),
		},
		Metadata: map[string]any{
			"image/png": map[string]any{"width": int(w), "height": int(h)},
		},
	}, nil
}
