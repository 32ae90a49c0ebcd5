// Package nb is the notebook model: it reads and writes Jupyter notebooks
// (nbformat 4), finds the solution regions and makes the student and reader
// versions. It runs nothing; package runner executes and exports notebooks.
//
// The model keeps what the tools need (cells, sources, tags, outputs) and
// writes files Jupyter reads back; use kernel-config/nbtool.py (nbformat
// itself) when a byte-exact Jupyter layout matters.
package nb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells         []*Cell        `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

// Cell is one notebook cell. Source is the cell text with its lines joined.
type Cell struct {
	ID             string
	CellType       string // "code", "markdown" or "raw"
	Metadata       map[string]any
	Source         string
	Outputs        []Output
	ExecutionCount *int
	Attachments    map[string]any
}

// Output is one output of a code cell.
type Output struct {
	OutputType     string         `json:"output_type"` // "stream", "display_data", "execute_result" or "error"
	Name           string         `json:"name,omitempty"`
	Text           string         `json:"-"`
	Data           map[string]any `json:"data,omitempty"`
	Metadata       map[string]any `json:"metadata,omitempty"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	Ename          string         `json:"ename,omitempty"`
	Evalue         string         `json:"evalue,omitempty"`
	Traceback      []string       `json:"traceback,omitempty"`
}

// multiline is nbformat's "string or list of strings".
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("nb: source/text is neither a string nor a list of strings: %w", err)
	}
	*m = multiline(strings.Join(parts, ""))
	return nil
}

// splitLines splits s into lines that keep their "\n", as Jupyter stores them.
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

type cellJSON struct {
	ID             string         `json:"id,omitempty"`
	CellType       string         `json:"cell_type"`
	Metadata       map[string]any `json:"metadata"`
	Source         multiline      `json:"source"`
	Outputs        []Output       `json:"outputs"`
	ExecutionCount *int           `json:"execution_count"`
	Attachments    map[string]any `json:"attachments,omitempty"`
}

// UnmarshalJSON reads a cell in nbformat 4 layout.
func (c *Cell) UnmarshalJSON(b []byte) error {
	var j cellJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*c = Cell{ID: j.ID, CellType: j.CellType, Metadata: j.Metadata, Source: string(j.Source),
		Outputs: j.Outputs, ExecutionCount: j.ExecutionCount, Attachments: j.Attachments}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	return nil
}

// MarshalJSON writes a cell in nbformat 4 layout: code cells always carry
// outputs and execution_count, other cells never do.
func (c *Cell) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"cell_type": c.CellType,
		"metadata":  orEmpty(c.Metadata),
		"source":    splitLines(c.Source),
	}
	if c.ID != "" {
		m["id"] = c.ID
	}
	if c.CellType == "code" {
		outs := c.Outputs
		if outs == nil {
			outs = []Output{}
		}
		m["outputs"] = outs
		m["execution_count"] = c.ExecutionCount
	}
	if len(c.Attachments) > 0 && c.CellType != "code" {
		m["attachments"] = c.Attachments
	}
	return marshal(m)
}

// marshal is json.Marshal without escaping <, > and & (notebooks hold HTML).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// UnmarshalJSON reads an output, joining multi-line text.
func (o *Output) UnmarshalJSON(b []byte) error {
	type plain Output
	var p struct {
		plain
		Text multiline `json:"text"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*o = Output(p.plain)
	o.Text = string(p.Text)
	return nil
}

// MarshalJSON writes an output with the fields its type requires.
func (o Output) MarshalJSON() ([]byte, error) {
	m := map[string]any{"output_type": o.OutputType}
	switch o.OutputType {
	case "stream":
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case "display_data", "execute_result":
		m["data"] = orEmpty(o.Data)
		m["metadata"] = orEmpty(o.Metadata)
		if o.OutputType == "execute_result" {
			m["execution_count"] = o.ExecutionCount
		}
	case "error":
		m["ename"] = o.Ename
		m["evalue"] = o.Evalue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return marshal(m)
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Read parses the notebook at path.
func Read(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("nb: %s: %w", path, err)
	}
	return nb, nil
}

// Parse parses a notebook from its JSON.
func Parse(b []byte) (*Notebook, error) {
	var nb Notebook
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&nb); err != nil {
		return nil, err
	}
	if nb.NBFormat != 4 {
		return nil, fmt.Errorf("nbformat %d, want 4", nb.NBFormat)
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	return &nb, nil
}

// Marshal encodes the notebook as indented JSON (one-space indent, sorted
// keys, UTF-8 unescaped, trailing newline), the layout Jupyter writes.
func (nb *Notebook) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	m := map[string]any{
		"cells":          nb.Cells,
		"metadata":       orEmpty(nb.Metadata),
		"nbformat":       nb.NBFormat,
		"nbformat_minor": nb.NBFormatMinor,
	}
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write saves the notebook at path.
func (nb *Notebook) Write(path string) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// KernelName returns metadata.kernelspec.name, or "".
func (nb *Notebook) KernelName() string {
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	name, _ := ks["name"].(string)
	return name
}

// Tags returns the cell's metadata.tags.
func (c *Cell) Tags() []string {
	raw, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range raw {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// FirstLine returns the first non-empty line of the source, for messages.
func (c *Cell) FirstLine() string {
	for _, l := range strings.Split(c.Source, "\n") {
		if strings.TrimSpace(l) != "" {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// Text returns what a plain-text reader sees of the cell's outputs: stream
// text, text/plain of displays and results, and error values, in order.
func (c *Cell) Text() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		switch o.OutputType {
		case "stream":
			b.WriteString(o.Text)
		case "display_data", "execute_result":
			if s, ok := o.Data["text/plain"]; ok {
				b.WriteString(joinAny(s))
				b.WriteByte('\n')
			}
		case "error":
			fmt.Fprintf(&b, "%s: %s\n", o.Ename, o.Evalue)
		}
	}
	return b.String()
}

// DataText returns the output's data for a MIME type as one string (nbformat
// stores text as a string or a list of lines), or "" when absent.
func (o Output) DataText(mime string) string { return joinAny(o.Data[mime]) }

func joinAny(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var b strings.Builder
		for _, p := range x {
			s, _ := p.(string)
			b.WriteString(s)
		}
		return b.String()
	}
	return ""
}

// Code returns the code cells.
func (nb *Notebook) Code() []*Cell {
	var cs []*Cell
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			cs = append(cs, c)
		}
	}
	return cs
}

// CellError is a failure found in an executed notebook.
type CellError struct {
	Index   int    // cell index in the notebook (0-based)
	Line    string // first line of the cell's source
	Message string // error value and stderr of the cell
}

func (e CellError) Error() string {
	return fmt.Sprintf("cell %d (%s): %s", e.Index, e.Line, e.Message)
}

// Errors lists the cells of an executed notebook that ended in an error
// output, with their stderr text.
func (nb *Notebook) Errors() []CellError {
	var errs []CellError
	for i, c := range nb.Cells {
		var stderr, evalue strings.Builder
		failed := false
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == "stderr" {
				stderr.WriteString(o.Text)
			}
			// GoNB reports compile errors as HTML only.
			if _, plain := o.Data["text/plain"]; o.OutputType == "display_data" && !plain {
				stderr.WriteString(HTMLText(joinAny(o.Data["text/html"])))
			}
			if o.OutputType == "error" {
				failed = true
				fmt.Fprintf(&evalue, "%s: %s", o.Ename, o.Evalue)
			}
		}
		if failed {
			msg := strings.TrimSpace(evalue.String())
			if s := strings.TrimSpace(stderr.String()); s != "" {
				msg += "\n" + s
			}
			errs = append(errs, CellError{Index: i, Line: c.FirstLine(), Message: msg})
		}
	}
	return errs
}

var (
	styleRE = regexp.MustCompile(`(?s)<style.*?</style>|<div class="gonb-err-context">.*?</div></div>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	blankRE = regexp.MustCompile(`\n\s*\n+`)
)

// HTMLText reduces an HTML fragment to its text: styles and GoNB's hidden
// error context dropped, tags removed, entities decoded, blank lines squeezed.
func HTMLText(s string) string {
	s = styleRE.ReplaceAllString(s, "")
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.TrimSpace(blankRE.ReplaceAllString(s, "\n"))
}

// ErrNotExecuted is returned when a notebook expected to be executed has a
// code cell without an execution count.
var ErrNotExecuted = errors.New("nb: notebook not executed")

// SetupTag marks cells left out of every export (the set-up cell and its
// explanation): they matter when running, not when reading.
const SetupTag = "setup"
