package nb

import (
	"fmt"
	"strings"
)

// Solution markers. A solution region starts at a line holding only the
// begin marker and ends at the next line holding only the end marker
// (surrounding spaces ignored); regions do not nest. In the student version
// the region, markers included, becomes the stub, indented like the begin
// marker.
const (
	CodeBegin     = "// BEGIN SOLUTION"
	CodeEnd       = "// END SOLUTION"
	MarkdownBegin = "<!-- BEGIN SOLUTION -->"
	MarkdownEnd   = "<!-- END SOLUTION -->"
	// CodeStub replaces a code region. Code after the region must compile
	// without it: declare what the region computes before the region, with
	// its zero value, e.g. `var yours []float64` then `yours = ...` inside.
	CodeStub = "// TODO: your code here"
	// MarkdownStub replaces a markdown region.
	MarkdownStub = "*Your derivation here.*"
	// HiddenBegin and HiddenEnd mark hidden tests in a code cell: checks at
	// parameters the student never sees. The student version leaves the
	// region out, markers included; grading puts it back (nbgrader's hidden
	// tests).
	// PendingMark ends a line outside a solution region that sets an
	// answer function's stub value, e.g. `lr = math.NaN() // not answered
	// yet`: the student version keeps it, so an empty answer reads as
	// pending; the exports (ForReaders) leave it out, since the solution
	// region after it overwrites the value.
	PendingMark = "// not answered yet"
	HiddenBegin = "// BEGIN HIDDEN TESTS"
	HiddenEnd   = "// END HIDDEN TESTS"
)

// Region is one solution region.
type Region struct {
	Cell      int    // index of the cell in the notebook
	Code      bool   // a code cell (else markdown)
	Begin     int    // line of the begin marker (1-based)
	End       int    // line of the end marker
	Text      string // the lines between the markers
	Indent    string // the begin marker's indentation
	Hidden    bool   // hidden tests (left out of the student version), not a solution
	cellLines []string
}

// MarkerError reports an unbalanced or nested solution marker.
type MarkerError struct {
	Cell int
	Line int
	Msg  string
	Src  string // first line of the cell
}

func (e *MarkerError) Error() string {
	return fmt.Sprintf("nb: cell %d (%s), line %d: %s", e.Cell, e.Src, e.Line, e.Msg)
}

func markers(code bool) (begin, end string) {
	if code {
		return CodeBegin, CodeEnd
	}
	return MarkdownBegin, MarkdownEnd
}

// SolutionRegions lists the solution regions of a notebook in order. It
// returns a *MarkerError for an end without a begin, a begin inside a
// region, a region left open at the end of its cell, or a marker of the
// wrong kind for the cell (a markdown marker in code or the reverse).
func SolutionRegions(n *Notebook) ([]Region, error) {
	var out []Region
	for i, c := range n.Cells {
		if c.CellType != "code" && c.CellType != "markdown" {
			continue
		}
		code := c.CellType == "code"
		begin, end := markers(code)
		otherBegin, otherEnd := markers(!code)
		lines := strings.Split(c.Source, "\n")
		open := -1
		fail := func(line int, msg string) error {
			return &MarkerError{Cell: i, Line: line, Msg: msg, Src: c.FirstLine()}
		}
		hidden := -1
		for k, l := range lines {
			t := strings.TrimSpace(l)
			if code && (t == HiddenBegin || t == HiddenEnd) {
				switch {
				case open >= 0:
					return nil, fail(k+1, fmt.Sprintf("%q inside the solution region opened on line %d", t, open+1))
				case t == HiddenBegin && hidden >= 0:
					return nil, fail(k+1, fmt.Sprintf("%q inside the hidden tests opened on line %d", t, hidden+1))
				case t == HiddenBegin:
					hidden = k
				case hidden < 0:
					return nil, fail(k+1, fmt.Sprintf("%q without a %q before it", HiddenEnd, HiddenBegin))
				default:
					out = append(out, Region{Cell: i, Code: true, Hidden: true, Begin: hidden + 1, End: k + 1,
						Text: strings.Join(lines[hidden+1:k], "\n"), cellLines: lines})
					hidden = -1
				}
				continue
			}
			switch t {
			case begin:
				if open >= 0 {
					return nil, fail(k+1, fmt.Sprintf("%q inside the region opened on line %d (regions do not nest)", begin, open+1))
				}
				open = k
			case end:
				if open < 0 {
					return nil, fail(k+1, fmt.Sprintf("%q without a %q before it", end, begin))
				}
				out = append(out, Region{Cell: i, Code: code, Begin: open + 1, End: k + 1,
					Text:   strings.Join(lines[open+1:k], "\n"),
					Indent: l[:len(l)-len(strings.TrimLeft(l, " \t"))], cellLines: lines})
				open = -1
			case otherBegin, otherEnd:
				kind := "markdown"
				if !code {
					kind = "code"
				}
				return nil, fail(k+1, fmt.Sprintf("%q is a %s marker in a %s cell", t, kind, c.CellType))
			}
		}
		if open >= 0 {
			return nil, fail(open+1, fmt.Sprintf("%q is never closed by %q in this cell", begin, end))
		}
		if hidden >= 0 {
			return nil, fail(hidden+1, fmt.Sprintf("%q is never closed by %q in this cell", HiddenBegin, HiddenEnd))
		}
	}
	return out, nil
}

// StudentVersion returns a copy of the notebook for students: every
// solution region replaced by its stub, every hidden-test region left out,
// all outputs and execution counts cleared, everything else intact. It returns the regions it replaced, and
// a *MarkerError for broken markers.
func StudentVersion(n *Notebook) (*Notebook, []Region, error) {
	regions, err := SolutionRegions(n)
	if err != nil {
		return nil, nil, err
	}
	b, err := n.Marshal()
	if err != nil {
		return nil, nil, err
	}
	s, err := Parse(b) // a deep copy
	if err != nil {
		return nil, nil, err
	}
	byCell := map[int][]Region{}
	for _, r := range regions {
		byCell[r.Cell] = append(byCell[r.Cell], r)
	}
	for i, c := range s.Cells {
		if c.CellType == "code" {
			c.Outputs, c.ExecutionCount = nil, nil
		}
		rs := byCell[i]
		if len(rs) == 0 {
			continue
		}
		lines := rs[0].cellLines
		var out []string
		next := 0
		for _, r := range rs {
			out = append(out, lines[next:r.Begin-1]...)
			next = r.End
			if r.Hidden {
				continue
			}
			stub := MarkdownStub
			if r.Code {
				stub = CodeStub
			}
			out = append(out, r.Indent+stub)
		}
		out = append(out, lines[next:]...)
		c.Source = strings.Join(out, "\n")
	}
	return s, regions, nil
}

// WithoutHiddenTests returns src without its hidden-test regions, markers
// included (what the student version and the exports show of a cell).
func WithoutHiddenTests(src string) string {
	var out []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		switch t := strings.TrimSpace(l); {
		case t == HiddenBegin:
			in = true
		case t == HiddenEnd:
			in = false
		case !in:
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// ForReaders returns a copy of the notebook as the exports show it: code
// cells without their hidden tests (see WithoutHiddenTests) and without the
// solution-marker lines (// BEGIN SOLUTION, // END SOLUTION; the markdown
// markers are HTML comments, invisible anyway), which mean something to
// instructors and nbgrader, not to a reader, and without the stub lines that
// end with PendingMark, which the solution overwrites.
func (n *Notebook) ForReaders() (*Notebook, error) {
	b, err := n.Marshal()
	if err != nil {
		return nil, err
	}
	c, err := Parse(b)
	if err != nil {
		return nil, err
	}
	for _, cell := range c.Cells {
		if cell.CellType != "code" {
			continue
		}
		var lines []string
		for _, l := range strings.Split(WithoutHiddenTests(cell.Source), "\n") {
			if t := strings.TrimSpace(l); t != CodeBegin && t != CodeEnd && !strings.HasSuffix(t, PendingMark) {
				lines = append(lines, l)
			}
		}
		cell.Source = strings.Join(lines, "\n")
	}
	return c, nil
}
