// Package table holds small result tables that print as aligned plain text,
// Markdown and HTML, with numbers formatted at a fixed, documented precision.
//
// Numeric packages build tables; the display package sends them to the
// notebook in all three forms at once, so every front end and exporter finds
// one it renders.
package table

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Precision is the number of significant digits Float prints.
const Precision = 6

// Align is a column's horizontal alignment.
type Align int

const (
	// Left aligns a column to the left (the default for the first column).
	Left Align = iota
	// Right aligns a column to the right (the default for the other columns).
	Right
	// Center centres a column (HTML and Markdown only; plain text aligns left).
	Center
)

// Table is a titled grid of already-formatted cells.
//
// The zero value is an empty table without a title, and a nil *Table prints
// as nothing. Rows shorter than the header are padded with empty cells when
// printed. A line break inside a cell, the title or the note prints as a
// space in the plain-text and Markdown forms (a Markdown table row is one
// line) and as <br> in HTML.
type Table struct {
	// Title is printed above the table (plain text and Markdown) or as its caption (HTML).
	Title string
	// Header holds the column names.
	Header []string
	// Rows holds the cells, row by row.
	Rows [][]string
	// Align gives each column's alignment. Missing entries default to Left
	// for the first column and Right for the others.
	Align []Align
	// Note is printed below the table, e.g. the units or the route a value came from.
	Note string
}

// New returns a table with the given title and column names.
func New(title string, header ...string) *Table {
	return &Table{Title: title, Header: header}
}

// AddRow appends a row and returns the table, for chaining. Each value is
// formatted with Cell. On a nil table it starts a new, untitled one.
func (t *Table) AddRow(values ...any) *Table {
	if t == nil {
		t = &Table{}
	}
	row := make([]string, len(values))
	for i, v := range values {
		row[i] = Cell(v)
	}
	t.Rows = append(t.Rows, row)
	return t
}

// Cell formats one value for a table: float64 with Float, []float64 with Vec,
// integers in decimal, bool as ✓/✗, anything else with fmt's %v (which
// prints a nil pointer as <nil> and reports a panicking String method
// instead of panicking).
func Cell(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return Float(x)
	case float32:
		return Float(float64(x))
	case []float64:
		return Vec(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "✓"
		}
		return "✗"
	default:
		return fmt.Sprintf("%v", v)
	}
}

// Float formats x with Precision significant digits in the shortest of
// decimal and exponent form (strconv's 'g'); negative zero prints as 0, so
// outputs are stable across platforms and runs.
func Float(x float64) string {
	if x == 0 {
		return "0"
	}
	if math.IsInf(x, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(x, 'g', Precision, 64)
}

// Vec formats a vector as [x1, x2, ...] with Float.
func Vec(v []float64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Float(x))
	}
	b.WriteByte(']')
	return b.String()
}

func (t *Table) ncols() int {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	return n
}

func (t *Table) align(col int) Align {
	if col < len(t.Align) {
		return t.Align[col]
	}
	if col == 0 {
		return Left
	}
	return Right
}

// oneLine replaces line breaks and tabs by spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' || r == '\t' }), " ")
}

// String prints the table as aligned plain text, with the
// title above and the note below.
func (t *Table) String() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(oneLine(t.Title))
		b.WriteByte('\n')
	}
	n := t.ncols()
	// Padded by hand (not text/tabwriter) so each column keeps its own
	// alignment; widths count runes, not bytes, so ✓ and θ align.
	width := make([]int, n)
	all := append([][]string{t.Header}, t.Rows...)
	for _, r := range all {
		for c := 0; c < n; c++ {
			width[c] = max(width[c], runeLen(oneLine(cellOf(r, c))))
		}
	}
	line := func(r []string) {
		var l strings.Builder
		for c := 0; c < n; c++ {
			s := oneLine(cellOf(r, c))
			pad := strings.Repeat(" ", width[c]-runeLen(s))
			if c > 0 {
				l.WriteString("  ")
			}
			if t.align(c) == Right {
				l.WriteString(pad + s)
			} else {
				l.WriteString(s + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	if len(t.Header) > 0 {
		line(t.Header)
		rule := make([]string, n)
		for c := range rule {
			rule[c] = strings.Repeat("-", width[c])
		}
		line(rule)
	}
	for _, r := range t.Rows {
		line(r)
	}
	if t.Note != "" {
		b.WriteString(oneLine(t.Note))
		b.WriteByte('\n')
	}
	return b.String()
}

func runeLen(s string) int { return len([]rune(s)) }

// Markdown prints the table as a GitHub-flavoured Markdown table, the title
// in bold above it and the note in italics below. Characters that Markdown
// or the math renderer would interpret (| \ * _ $ <) are escaped, so cells
// show as written. A table without columns prints its title and note only.
func (t *Table) Markdown() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	if t.Title != "" {
		fmt.Fprintf(&b, "**%s**\n\n", mdEscape(t.Title))
	}
	n := t.ncols()
	if n == 0 {
		if t.Note != "" {
			fmt.Fprintf(&b, "*%s*\n", mdEscape(t.Note))
		}
		return b.String()
	}
	row := func(r []string) {
		b.WriteString("|")
		for c := 0; c < n; c++ {
			b.WriteString(" " + mdEscape(cellOf(r, c)) + " |")
		}
		b.WriteByte('\n')
	}
	header := t.Header
	if len(header) == 0 {
		header = make([]string, n)
	}
	row(header)
	b.WriteString("|")
	for c := 0; c < n; c++ {
		switch t.align(c) {
		case Right:
			b.WriteString("---:|")
		case Center:
			b.WriteString(":---:|")
		default:
			b.WriteString(":---|")
		}
	}
	b.WriteByte('\n')
	for _, r := range t.Rows {
		row(r)
	}
	if t.Note != "" {
		fmt.Fprintf(&b, "\n*%s*\n", mdEscape(t.Note))
	}
	return b.String()
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "$", `\$`, "<", "&lt;")

func mdEscape(s string) string { return mdEscaper.Replace(oneLine(s)) }

// HTML prints the table as a self-contained HTML <table> (no scripts, no
// external styles), the title as its caption and the note in a <p> below.
func (t *Table) HTML() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<table class="hwkit-table">`)
	if t.Title != "" {
		fmt.Fprintf(&b, `<caption style="caption-side:top;text-align:left;font-weight:bold">%s</caption>`, htmlEscape(t.Title))
	}
	n := t.ncols()
	style := func(c int) string {
		switch t.align(c) {
		case Right:
			return ` style="text-align:right"`
		case Center:
			return ` style="text-align:center"`
		default:
			return ` style="text-align:left"`
		}
	}
	if len(t.Header) > 0 {
		b.WriteString("<thead><tr>")
		for c := 0; c < n; c++ {
			fmt.Fprintf(&b, "<th%s>%s</th>", style(c), htmlEscape(cellOf(t.Header, c)))
		}
		b.WriteString("</tr></thead>")
	}
	b.WriteString("<tbody>")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for c := 0; c < n; c++ {
			fmt.Fprintf(&b, "<td%s>%s</td>", style(c), htmlEscape(cellOf(r, c)))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	if t.Note != "" {
		fmt.Fprintf(&b, `<p style="font-size:smaller;font-style:italic">%s</p>`, htmlEscape(t.Note))
	}
	return b.String()
}

// htmlEscape escapes s for HTML text and turns its line breaks into <br>.
func htmlEscape(s string) string {
	s = strings.ReplaceAll(html.EscapeString(s), "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// cellOf is row[col] as written, or "" past the end of the row.
func cellOf(row []string, col int) string {
	if col < len(row) {
		return row[col]
	}
	return ""
}

// compile-time check that tables print with %v and %s.
var _ fmt.Stringer = (*Table)(nil)
