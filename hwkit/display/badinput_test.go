package display

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
	"github.com/dl-course/hw2/internal/badinput"
)

// Every exported function with bad and extreme input: an error or a
// finite, correct result, never a panic or a hang. (The functions that
// show outputs end the program on bad input; TestExitOnBadInput runs them.)
func TestBadInput(t *testing.T) {
	var cases []badinput.Case
	var nilTable *table.Table
	for _, tc := range []struct {
		name, err string
		t         *table.Table
	}{
		{"nil", "no table", nilTable}, {"zero", "", &table.Table{}},
		{"odd cells", "", table.New("a\nb", "x|y").AddRow("<script>", "$", math.NaN(), "\n\n")},
	} {
		cases = append(cases, badinput.Case{Name: "TableBundle/" + tc.name, Err: tc.err, Call: func() error {
			b, err := TableBundle(tc.t)
			if err != nil {
				return err
			}
			for _, mime := range []string{"text/html", "text/markdown", "text/plain"} {
				if _, ok := b.Data[mime].(string); !ok {
					return badinput.Wrong("no %s", mime)
				}
			}
			if strings.Contains(b.Data["text/html"].(string), "<script>") {
				return badinput.Wrong("HTML not escaped")
			}
			return nil
		}})
	}
	for _, tc := range []struct{ name, tex, plain, err string }{
		{"empty", "", "x", "tex is empty"},
		{"blank plain", "x", " \n", "plain is empty"},
		{"dollar", "x = $1", "x", "contains $"},
		{"percent", `50% of x`, "x", "contains %"},
		{"escaped", `\{50\%\} \$ \\`, "x", ""},
		{"open brace", `\frac{1}{`, "x", "leaves a brace open"},
		{"closing brace", `x} + \boxed{y`, "x", "closes a brace it did not open"},
		{"blank line", "a\n\n b", "x", "blank line"},
		{"lines", "\\begin{aligned}a\\\\\nb\\end{aligned}", "a, b", ""},
		{"trailing backslash", `x \`, "x", ""},
		{"a megabyte", strings.Repeat(`\theta `, 150_000), "θ", ""},
	} {
		cases = append(cases, badinput.Case{Name: "AnswerBundle/" + tc.name, Err: tc.err, Call: func() error {
			b, err := AnswerBundle(tc.tex, tc.plain)
			if err != nil {
				return err
			}
			if md := b.Data["text/markdown"].(string); !strings.HasPrefix(md, `$$\boxed{`) || !strings.HasSuffix(md, "}$$") {
				return badinput.Wrong("text/markdown %.60q", md)
			}
			return nil
		}})
	}
	for _, tc := range []struct {
		name string
		b    Bundle
		want string
	}{
		{"empty bundle", Bundle{}, ""},
		{"no text/plain", Bundle{Data: map[string]any{"image/png": []byte{1}}}, ""},
		{"non-string text/plain", Bundle{Data: map[string]any{"text/plain": 5}}, ""},
		{"text without newline", Bundle{Data: map[string]any{"text/plain": "x"}}, "x\n"},
	} {
		cases = append(cases, badinput.Case{Name: "Send/" + tc.name, Call: func() error {
			var out bytes.Buffer
			Send(&out, tc.b) // not in a notebook: prints text/plain
			Send(nil, tc.b)
			if out.String() != tc.want {
				return badinput.Wrong("printed %q, want %q", out.String(), tc.want)
			}
			return nil
		}})
	}
	cases = append(cases, badinput.Case{Name: "InNotebook/under go test", Call: func() error {
		if InNotebook() {
			return badinput.Wrong("go test is not a notebook")
		}
		return nil
	}})
	badinput.Run(t, cases)
	fs, n := badinput.Size(cases)
	t.Logf("bad-input table: %d functions, %d calls", fs, n)
}
