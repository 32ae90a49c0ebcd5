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
	tb.AddRow("p|q *r* <s>")
	md := tb.Markdown()
	if !strings.Contains(md, `p\|q \*r\* <s>`) || !strings.Contains(md, `**a\|b <c>**`) {
		t.Errorf("markdown not escaped:\n%s", md)
	}
	h := tb.HTML()
	if !strings.Contains(h, "p|q *r* &lt;s&gt;") || !strings.Contains(h, "a|b &lt;c&gt;") || strings.Contains(h, "<s>") {
		t.Errorf("html not escaped:\n%s", h)
	}
	if strings.Contains(h, "<script") || strings.Contains(h, "http") {
		t.Errorf("html must be self-contained:\n%s", h)
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
}
