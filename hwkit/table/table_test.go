package table_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
)

func ExampleTable() {
	t := table.New("Limits", "method", "θ₁", "‖θ‖∞")
	t.AddRow("SGD", 0.990001, 0.990001)
	t.AddRow("sign descent", 1/1.11, 1/1.11)
	t.Note = "from θ₀ = 0"
	fmt.Print(t)
	// Output:
	// Limits
	// method              θ₁      ‖θ‖∞
	// ------------  --------  --------
	// SGD           0.990001  0.990001
	// sign descent  0.900901  0.900901
	// from θ₀ = 0
}

func ExampleTable_Markdown() {
	t := table.New("", "n", "messages")
	t.AddRow(4, int64(12))
	fmt.Print(t.Markdown())
	// Output:
	// | n | messages |
	// |:---|---:|
	// | 4 | 12 |
}

func TestFloat(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-2.5, "-2.5"},
		{1 / 3.0, "0.333333"}, {1e-20, "1e-20"}, {123456789, "1.23457e+08"},
		{math.NaN(), "NaN"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"},
	} {
		if got := table.Float(tc.x); got != tc.want {
			t.Errorf("Float(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
	if got := table.Vec([]float64{1, 0.1, 0.01}); got != "[1, 0.1, 0.01]" {
		t.Errorf("Vec = %q", got)
	}
	if got := table.Vec(nil); got != "[]" {
		t.Errorf("Vec(nil) = %q", got)
	}
}

func TestCell(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"x", "x"}, {3, "3"}, {int64(-4), "-4"}, {true, "✓"}, {false, "✗"},
		{float32(0.5), "0.5"}, {[]float64{2}, "[2]"}, {struct{ A int }{1}, "{1}"},
	} {
		if got := table.Cell(tc.v); got != tc.want {
			t.Errorf("Cell(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// Columns align by runes (θ, ✓ are multi-byte), right-aligned by default
// after the first column, and short rows are padded.
func TestStringAlignment(t *testing.T) {
	tb := &table.Table{Header: []string{"name", "θ", "ok"}, Align: []table.Align{table.Left, table.Left}}
	tb.AddRow("a", "θθθ", true)
	tb.AddRow("longer")
	lines := strings.Split(strings.TrimRight(tb.String(), "\n"), "\n")
	want := []string{
		"name    θ    ok",
		"------  ---  --",
		"a       θθθ   ✓",
		"longer",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestEscaping(t *testing.T) {
	tb := table.New("a|b <c>", "x")
	tb.AddRow("p|q *r* <s> $x$")
	md := tb.Markdown()
	if !strings.Contains(md, `p\|q \*r\* &lt;s> \$x\$`) || !strings.Contains(md, `**a\|b &lt;c>**`) {
		t.Errorf("markdown not escaped:\n%s", md)
	}
	h := tb.HTML()
	if !strings.Contains(h, "p|q *r* &lt;s&gt; $x$") || !strings.Contains(h, "a|b &lt;c&gt;") || strings.Contains(h, "<s>") {
		t.Errorf("html not escaped:\n%s", h)
	}
	if strings.Contains(h, "<script") || strings.Contains(h, "http") {
		t.Errorf("html must be self-contained:\n%s", h)
	}
}

// A line break in a cell keeps every form whole: one line per row in plain
// text and Markdown, a <br> in HTML.
func TestLineBreakInCell(t *testing.T) {
	tb := table.New("two\nlines", "name", "value")
	tb.AddRow("a\nb", "1\r\n2")
	tb.AddRow("tab\there", 3)
	tb.Note = "note\n\nsecond paragraph"
	md := tb.Markdown()
	want := "**two lines**\n\n| name | value |\n|:---|---:|\n| a b | 1 2 |\n| tab here | 3 |\n\n*note second paragraph*\n"
	if md != want {
		t.Errorf("markdown\n%q\nwant\n%q", md, want)
	}
	if got := strings.Count(tb.String(), "\n"); got != 6 { // title, header, rule, 2 rows, note
		t.Errorf("plain text has %d lines:\n%s", got, tb.String())
	}
	if h := tb.HTML(); !strings.Contains(h, "<td style=\"text-align:left\">a<br>b</td>") || !strings.Contains(h, "1<br>2") {
		t.Errorf("html:\n%s", h)
	}
}

func TestEmpty(t *testing.T) {
	var tb table.Table
	if got := tb.String(); got != "" {
		t.Errorf("empty table String() = %q", got)
	}
	if got := tb.HTML(); !strings.HasPrefix(got, "<table") {
		t.Errorf("empty table HTML() = %q", got)
	}
	if got := tb.Markdown(); got != "" {
		t.Errorf("empty table Markdown() = %q", got)
	}
	titled := table.Table{Title: "T", Note: "n"}
	if got := titled.Markdown(); got != "**T**\n\n*n*\n" {
		t.Errorf("a table without columns: Markdown() = %q", got)
	}
}

// A nil table prints as nothing; AddRow on it starts a new table.
func TestNilTable(t *testing.T) {
	var tb *table.Table
	if tb.String() != "" || tb.Markdown() != "" || tb.HTML() != "" || fmt.Sprint(tb) != "" {
		t.Error("a nil table must print as nothing")
	}
	if got := tb.AddRow(1); got == nil || got.String() != "1\n" {
		t.Errorf("AddRow on nil: %v", got)
	}
	if got := table.Cell(tb); got != "" {
		t.Errorf("Cell of a nil table: %q", got)
	}
}

func ExampleFloat() {
	fmt.Println(table.Float(1/3.0), table.Float(123456789), table.Float(math.Copysign(0, -1)), table.Float(math.Inf(1)))
	// Output: 0.333333 1.23457e+08 0 +Inf
}

func ExampleCell() {
	fmt.Println(table.Cell(0.1+0.2), table.Cell([]float64{1, 0.5}), table.Cell(true), table.Cell(int64(-4)))
	// Output: 0.3 [1, 0.5] ✓ -4
}

func ExampleTable_HTML() {
	t := table.New("Limits", "method", "θ₁")
	t.AddRow("SGD", 0.990001)
	fmt.Println(t.HTML())
	// Output:
	// <table class="hwkit-table"><caption style="caption-side:top;text-align:left;font-weight:bold">Limits</caption><thead><tr><th style="text-align:left">method</th><th style="text-align:right">θ₁</th></tr></thead><tbody><tr><td style="text-align:left">SGD</td><td style="text-align:right">0.990001</td></tr></tbody></table>
}
