package table_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
	"github.com/dl-course/hw2/internal/badinput"
)

// panicky is a Stringer whose String panics.
type panicky struct{}

func (panicky) String() string { panic("boom") }

// Every exported function and method with bad and extreme input: an error
// or a finite, correct result, never a panic or a hang.
func TestBadInput(t *testing.T) {
	var cases []badinput.Case
	add := func(name string, call func() error) {
		cases = append(cases, badinput.Case{Name: name, Call: call})
	}
	// Float: every special prints as the value it is, in at most 13 runes.
	for _, v := range badinput.Specials {
		add(fmt.Sprint("Float/", v), func() error {
			s := table.Float(v)
			back, err := strconv.ParseFloat(s, 64)
			switch {
			case len([]rune(s)) > 13:
				return badinput.Wrong("Float(%v) = %q is long", v, s)
			case math.IsNaN(v) != math.IsNaN(back) || err != nil && !math.IsInf(v, 0):
				return badinput.Wrong("Float(%v) = %q does not read back", v, s)
			case !math.IsNaN(v) && math.Abs(back-v) > 1e-5*math.Abs(v):
				return badinput.Wrong("Float(%v) = %q reads back as %v", v, s, back)
			}
			return nil
		})
	}
	add("Vec/nil", func() error { return want(table.Vec(nil), "[]") })
	add("Vec/specials", func() error {
		return want(table.Vec(badinput.Specials), "[NaN, +Inf, -Inf, 0, 0, 4.94066e-324, 2.22507e-308, 1e-170, -1e-170, 1e+200, -1e+200, 1.79769e+308, -1.79769e+308]")
	})
	big := make([]float64, 1_000_000)
	add("Vec/a million zeros", func() error {
		if s := table.Vec(big); len(s) != 3*len(big) {
			return badinput.Wrong("Vec of %d zeros is %d bytes", len(big), len(s))
		}
		return nil
	})
	var nilTable *table.Table
	var nilFloats []float64
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, "<nil>"}, {"nil table", nilTable, ""}, {"nil slice", nilFloats, "[]"},
		{"panicking String", panicky{}, "PANIC"}, {"float32 NaN", float32(math.NaN()), "NaN"},
		{"int64 min", int64(math.MinInt64), "-9223372036854775808"}, {"newline", "a\nb", "a\nb"},
	} {
		add("Cell/"+tc.name, func() error {
			if got := table.Cell(tc.v); !strings.Contains(got, tc.want) {
				return badinput.Wrong("Cell(%#v) = %q, want it to contain %q", tc.v, got, tc.want)
			}
			return nil
		})
	}
	// The methods on nil, empty, ragged, badly aligned and odd-celled tables.
	ragged := &table.Table{Header: []string{"a"}, Rows: [][]string{{"1", "2", "3"}, {}}, Align: []table.Align{table.Align(-4), table.Align(99)}}
	odd := table.New("t\n", "x|y").AddRow("\n\n", "$", "<script>", math.NaN(), math.Inf(-1))
	for _, tc := range []struct {
		name string
		t    *table.Table
	}{{"nil", nil}, {"zero", &table.Table{}}, {"ragged", ragged}, {"odd cells", odd}} {
		add("String/"+tc.name, func() error { return lines(tc.t.String(), tc.t, 2) })
		add("Markdown/"+tc.name, func() error { return lines(tc.t.Markdown(), tc.t, 4) })
		add("HTML/"+tc.name, func() error {
			if h := tc.t.HTML(); strings.Contains(h, "<script>") || strings.Contains(h, "\n") {
				return badinput.Wrong("HTML not escaped to one line: %q", h)
			}
			return nil
		})
		add("AddRow/"+tc.name, func() error {
			before := 0
			if tc.t != nil {
				before = len(tc.t.Rows)
			}
			if got := tc.t.AddRow(nil, math.NaN()); got == nil || len(got.Rows) != before+1 {
				return badinput.Wrong("AddRow did not add a row")
			}
			return nil
		})
	}
	add("New/no header", func() error { return want(table.New("").AddRow(1, 2).String(), "1  2\n") })
	badinput.Run(t, cases)
	fs, n := badinput.Size(cases)
	t.Logf("bad-input table: %d functions, %d calls", fs, n)
}

func want(got, want string) error {
	if got != want {
		return badinput.Wrong("%q, want %q", got, want)
	}
	return nil
}

// lines checks that a printed table has one line per row plus at most
// extra (title, header, rule, note, blank lines).
func lines(s string, t *table.Table, extra int) error {
	rows := 0
	if t != nil {
		rows = len(t.Rows)
	}
	if n := strings.Count(s, "\n"); n > rows+extra+1 {
		return badinput.Wrong("%d lines for %d rows:\n%s", n, rows, s)
	}
	return nil
}

// FuzzVec formats arbitrary floats: Vec never panics, lists every value,
// and each one reads back within the printed precision.
func FuzzVec(f *testing.F) {
	f.Add(badinput.Bytes(1, 0.1, 0.01))
	f.Add(badinput.Bytes(badinput.Specials...))
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := badinput.Floats(data)
		s := table.Vec(xs)
		if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
			t.Fatalf("Vec = %q", s)
		}
		if len(xs) == 0 {
			return
		}
		parts := strings.Split(s[1:len(s)-1], ", ")
		if len(parts) != len(xs) {
			t.Fatalf("Vec of %d values has %d parts: %q", len(xs), len(parts), s)
		}
		for i, p := range parts {
			back, err := strconv.ParseFloat(p, 64)
			if math.IsNaN(xs[i]) {
				if !math.IsNaN(back) {
					t.Fatalf("%v printed as %q", xs[i], p)
				}
				continue
			}
			if err != nil && !math.IsInf(back, 0) || math.Abs(back-xs[i]) > 5e-6*math.Abs(xs[i]) {
				t.Fatalf("%v printed as %q", xs[i], p)
			}
		}
	})
}
