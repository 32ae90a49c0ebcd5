// Package display shows tables and boxed answers in a GoNB notebook cell,
// and carries the outputs of package plot.
//
// It is the only hwkit package that talks to the notebook (GoNB's display
// protocol, see gonb.go). Every output carries several MIME types so each
// front end and exporter finds one it renders:
//
//   - tables: text/html, text/markdown and text/plain in one output;
//   - answers: text/markdown holding a boxed formula, plus text/plain;
//   - plots (drawn by package plot, sent with Send): image/png with its
//     display size in the output metadata, plus text/plain.
//
// Plots live in their own package so that the cells that only show a table
// or an answer do not link the renderer and its font.
//
// Outside a notebook (go test, go run) nothing is sent to a front end: the
// plain-text form is printed on standard output instead, so the same code
// runs everywhere. Bad input (a nil table, an empty answer) and a kernel
// that does not answer end the cell's program with a readable
// "✗ error: display: …" line, never a panic or a hang. Answer checks are
// printed as text by package check, which cells can use without linking
// this package.
package display

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/table"
)

// Bundle is one output with several representations, keyed by MIME type.
type Bundle struct {
	// Data maps a MIME type ("text/html", "image/png", ...) to its content:
	// a string, or []byte for images.
	Data map[string]any
	// Metadata maps a MIME type to its display metadata, e.g.
	// {"image/png": {"width": 480}}.
	Metadata map[string]any
}

// Send shows b in the notebook, or prints its text/plain part on w when not
// in a notebook (nowhere if w is nil). It waits until the kernel has
// received the output, so no output is lost when the cell's program exits
// right after. If the kernel cannot be reached, or does not acknowledge the
// output within AckTimeout, it prints "✗ error: display: …" on standard
// error and exits with status 1: a display must not vanish silently.
func Send(w io.Writer, b Bundle) {
	if !InNotebook() {
		printPlain(w, b)
		return
	}
	check.ExitOnError(sendToKernel(b))
}

// printPlain prints b's text/plain part on w, ending with a line break.
func printPlain(w io.Writer, b Bundle) {
	s, ok := b.Data["text/plain"].(string)
	if !ok || w == nil {
		return
	}
	fmt.Fprint(w, s)
	if !strings.HasSuffix(s, "\n") {
		fmt.Fprintln(w)
	}
}

// TableBundle returns the output bundle for t: text/html, text/markdown and
// text/plain. A nil table is an error.
func TableBundle(t *table.Table) (Bundle, error) {
	if t == nil {
		return Bundle{}, errors.New("display: no table (a nil *table.Table)")
	}
	return Bundle{Data: map[string]any{
		"text/html":     t.HTML(),
		"text/markdown": t.Markdown(),
		"text/plain":    t.String(),
	}}, nil
}

// Table shows t as one output with HTML, Markdown and plain-text forms. A
// nil table ends the program with "✗ error: display: …" (see Send).
func Table(t *table.Table) { Send(os.Stdout, check.OrExit(TableBundle(t))) }

// Tables shows several tables, one output each.
func Tables(ts ...*table.Table) {
	for _, t := range ts {
		Table(t)
	}
}

// AnswerBundle returns the output bundle of a boxed answer: text/markdown
// holding the display formula $$\boxed{tex}$$ (typeset by MathJax in
// Jupyter and at export time in the HTML, by LaTeX in the LaTeX PDF) and
// text/plain holding plain, the same statement for text-only readers. It
// returns an error for a blank tex or plain, and for a formula that would
// not stay inside its box: a $ (which ends the math), an unescaped % (a TeX
// comment, which hides the closing brace), a blank line (which ends the
// Markdown paragraph) or braces that do not pair up.
func AnswerBundle(tex, plain string) (Bundle, error) {
	switch {
	case strings.TrimSpace(tex) == "":
		return Bundle{}, errors.New("display: an answer needs a formula (tex is empty)")
	case strings.TrimSpace(plain) == "":
		return Bundle{}, errors.New("display: an answer needs its plain-text form (plain is empty)")
	}
	if problem := texProblem(tex); problem != "" {
		return Bundle{}, fmt.Errorf("display: the answer's formula %s: %q", problem, tex)
	}
	return Bundle{Data: map[string]any{"text/markdown": "$$\\boxed{" + tex + "}$$", "text/plain": plain}}, nil
}

// texProblem says what in the TeX formula s would break out of the box, or
// returns "".
func texProblem(s string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i+1 < len(lines); i++ { // a line between two line breaks
		if strings.TrimSpace(lines[i]) == "" {
			return "has a blank line, which would end it"
		}
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character (\{, \%, \\) is text
		case '$':
			return "contains $, which would end it"
		case '%':
			return "contains %, a TeX comment that would hide the end of the box (write \\%)"
		case '{':
			depth++
		case '}':
			if depth--; depth < 0 {
				return "closes a brace it did not open"
			}
		}
	}
	if depth != 0 {
		return "leaves a brace open"
	}
	return ""
}

// Answer shows a boxed answer: tex is the formula in the box (TeX, without
// $ delimiters; use \begin{aligned}…\end{aligned} for several lines), plain
// the same statement in plain text. Outside a notebook it prints plain.
// Bad input ends the program with "✗ error: display: …" (see AnswerBundle).
func Answer(tex, plain string) { Send(os.Stdout, check.OrExit(AnswerBundle(tex, plain))) }
