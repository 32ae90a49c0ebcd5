// Package render is the reference for what a notebook's markdown cells must
// look like to a reader: each cell rendered by a CommonMark renderer with GFM
// tables (goldmark), its math protected first the way JupyterLab protects it
// (RemoveMath), every formula then standing as one element. The tests compare
// this reference, cell by cell, with every surface a reader meets (the HTML
// export, the Markdown export, the student versions, JupyterLab 4 and
// Notebook 7, the PDFs' text).
package render

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// mathSplit finds what RemoveMath looks at: $ and $$, \begin{…} and
// \end{…}, escaped braces and dollars, braces, runs of newlines, existing
// @@N@@ markers, and the doubled-backslash delimiters \\( \\) \\[ \\] (in
// markdown a single backslash escapes the parenthesis, so JupyterLab's
// MathJax sees \( only where the source has \\().
var mathSplit = regexp.MustCompile(`(?i)(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\]))`)

// RemoveMath hides the formulas of a markdown text from the markdown
// parser, as JupyterLab does before rendering a markdown cell: every formula
// ($…$, $$…$$, \\(…\\), \\[…\\], \begin{env}…\end{env}) is replaced by a marker
// @@N@@ and returned in math[N]. Dollars inside code spans and fenced code
// blocks are not math. A formula does not continue across a blank line.
func RemoveMath(text string) (masked string, math []string) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	const hidden = "\x00" // a dollar inside code, restored at the end
	text = protectCode(text, hidden)
	blocks := splitKeep(text, mathSplit)
	start, last, braces := -1, -1, 0
	var end string
	take := func(i, j int) {
		block := strings.Join(blocks[i:j+1], "")
		for k := i + 1; k <= j; k++ {
			blocks[k] = ""
		}
		blocks[i] = "@@" + strconv.Itoa(len(math)) + "@@"
		math = append(math, strings.ReplaceAll(block, hidden, "$"))
	}
	for i := 1; i < len(blocks); i += 2 {
		block := blocks[i]
		switch {
		case strings.HasPrefix(block, "@"):
			// Text that looks like a marker is stored too, so that it comes back unchanged.
			blocks[i] = "@@" + strconv.Itoa(len(math)) + "@@"
			math = append(math, block)
		case start >= 0:
			switch {
			case block == end:
				if braces > 0 {
					last = i
				} else {
					take(start, i)
					start, last = -1, -1
				}
			case strings.Count(block, "\n") >= 2:
				// A blank line ends a paragraph, and the formula with it.
				if last >= 0 {
					i = last
					take(start, i)
				}
				start, last, braces = -1, -1, 0
			case block == "{":
				braces++
			case block == "}" && braces > 0:
				braces--
			}
		default:
			switch {
			case block == "$" || block == "$$":
				start, end, braces = i, block, 0
			case block == `\\(`:
				start, end, braces = i, `\\)`, 0
			case block == `\\[`:
				start, end, braces = i, `\\]`, 0
			case len(block) > 6 && strings.EqualFold(block[1:6], "begin"):
				start, end, braces = i, `\end`+block[6:], 0
			}
		}
	}
	if start >= 0 && last >= 0 {
		take(start, last)
	}
	return strings.ReplaceAll(strings.Join(blocks, ""), hidden, "$"), math
}

// splitKeep splits s around the matches of re, keeping them: the result
// alternates text and matches, starting and ending with text.
func splitKeep(s string, re *regexp.Regexp) []string {
	var out []string
	prev := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		out = append(out, s[prev:m[0]], s[m[0]:m[1]])
		prev = m[1]
	}
	return append(out, s[prev:])
}

var fenceRE = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")

// protectCode replaces the dollars of fenced code blocks and code spans by
// hidden, so that they do not start or end a formula.
func protectCode(text, hidden string) string {
	lines := strings.SplitAfter(text, "\n")
	fence := ""
	for i, l := range lines {
		trimmed := strings.TrimRight(l, "\n")
		if fence != "" {
			if m := fenceRE.FindStringSubmatch(trimmed); m != nil && strings.HasPrefix(m[1], fence) && strings.TrimSpace(trimmed[len(m[0]):]) == "" {
				fence = ""
			}
			lines[i] = strings.ReplaceAll(l, "$", hidden)
			continue
		}
		if m := fenceRE.FindStringSubmatch(trimmed); m != nil {
			fence = m[1]
			lines[i] = strings.ReplaceAll(l, "$", hidden)
		}
	}
	text = strings.Join(lines, "")
	// Code spans: a run of backticks closed by a run of the same length.
	var b strings.Builder
	for i := 0; i < len(text); {
		if text[i] != '`' || (i > 0 && text[i-1] == '\\') {
			b.WriteByte(text[i])
			i++
			continue
		}
		n := 0
		for i+n < len(text) && text[i+n] == '`' {
			n++
		}
		closeAt := findRun(text[i+n:], n)
		if closeAt < 0 {
			b.WriteString(text[i : i+n])
			i += n
			continue
		}
		span := text[i : i+n+closeAt+n]
		b.WriteString(strings.ReplaceAll(span, "$", hidden))
		i += len(span)
	}
	return b.String()
}

// findRun returns the offset in s of the first run of exactly n backticks
// on the same line (as JupyterLab looks for code spans), or -1.
func findRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] == '\n' {
			return -1
		}
		if s[i] != '`' {
			i++
			continue
		}
		k := 0
		for i+k < len(s) && s[i+k] == '`' {
			k++
		}
		if k == n {
			return i
		}
		i += k
	}
	return -1
}

var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithRendererOptions(ghtml.WithUnsafe()), // Jupyter keeps raw HTML (comments, <br>)
)

var markerRE = regexp.MustCompile(`@@(\d+)@@`)

// Reference renders a markdown cell the way a CommonMark + GFM-tables
// reader must see it: math removed first (RemoveMath), the rest rendered by
// goldmark, each formula then put back as <span class="hw2-math"> holding
// the TeX (escaped), with data-display="true" for display math.
func Reference(md string) (string, error) {
	masked, math := RemoveMath(md)
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(masked), &buf); err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	return markerRE.ReplaceAllStringFunc(buf.String(), func(m string) string {
		n, _ := strconv.Atoi(m[2 : len(m)-2])
		if n >= len(math) {
			return m
		}
		tex := math[n]
		if strings.HasPrefix(tex, "@@") {
			return tex // a marker-like text of the author, put back
		}
		display := strings.HasPrefix(tex, "$$") || strings.HasPrefix(tex, `\\[`) || strings.HasPrefix(tex, `\begin`)
		return fmt.Sprintf(`<span class="hw2-math" data-display="%t">%s</span>`, display, html.EscapeString(tex))
	}), nil
}
