package display

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
	"github.com/dl-course/hw2/internal/badinput"
)

// Outside a notebook, displays print their plain-text form.
func ExampleTable() {
	t := table.New("Costs", "algorithm", "messages")
	t.AddRow("ring", 24)
	Table(t)
	// Output:
	// Costs
	// algorithm  messages
	// ---------  --------
	// ring             24
}

func ExampleAnswer() {
	// Outside a notebook the plain-text statement is printed.
	Answer(`\theta_\infty = [0.9901,\ 0.0990]`, "θ∞ = [0.9901, 0.0990]")
	// Output: θ∞ = [0.9901, 0.0990]
}

func TestTableBundle(t *testing.T) {
	b, err := TableBundle(table.New("T", "a").AddRow(1.5))
	if err != nil {
		t.Fatal(err)
	}
	for _, mime := range []string{"text/html", "text/markdown", "text/plain"} {
		if s, _ := b.Data[mime].(string); !strings.Contains(s, "1.5") {
			t.Errorf("%s missing the cell: %q", mime, s)
		}
	}
}

func TestAnswerBundle(t *testing.T) {
	b, err := AnswerBundle(`\theta = \frac{a}{\|a\|^2}`, "θ = a/‖a‖²")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Data["text/markdown"]; got != `$$\boxed{\theta = \frac{a}{\|a\|^2}}$$` {
		t.Errorf("text/markdown %q", got)
	}
	if got := b.Data["text/plain"]; got != "θ = a/‖a‖²" {
		t.Errorf("text/plain %q", got)
	}
	// Escaped braces, dollars and percent signs are text.
	if _, err := AnswerBundle(`\{x\} = 50\%,\ \$1`, "{x} = 50%, $1"); err != nil {
		t.Error(err)
	}
	if _, err := AnswerBundle("\\begin{aligned}a &= 1\\\\\nb &= 2\\end{aligned}", "a = 1, b = 2"); err != nil {
		t.Errorf("two lines: %v", err)
	}
}

// The functions that end the program on bad input print a readable
// "✗ error: display: …" line and exit with status 1 (each run in a child
// process).
func TestExitOnBadInput(t *testing.T) {
	tb := table.New("T", "a").AddRow(1)
	badinput.RunExits(t, []badinput.Exit{
		{Name: "Table(nil)", Call: func() { Table(nil) }, Want: "✗ error: display: no table (a nil *table.Table)"},
		{Name: "Tables(t, nil)", Call: func() { Tables(tb, nil) }, Want: "✗ error: display: no table"},
		{Name: "Answer(empty)", Call: func() { Answer(" ", "x") }, Want: "✗ error: display: an answer needs a formula"},
		{Name: "Answer($)", Call: func() { Answer("x = $1", "x") }, Want: "✗ error: display: the answer's formula contains $"},
		// In a notebook whose pipe cannot be opened.
		{Name: "Table(t)", Notebook: true, Call: func() { Table(tb) }, Want: "✗ error: display: opening GoNB's pipe"},
		{Name: "Answer(ok)", Notebook: true, Call: func() { Answer("x = 1", "x = 1") }, Want: "✗ error: display: opening GoNB's pipe"},
	})
}

// The bundles are what a notebook receives: one output, several forms.
func ExampleTableBundle() {
	b, err := TableBundle(table.New("Costs", "algorithm", "messages").AddRow("ring", 24))
	if err != nil {
		panic(err)
	}
	fmt.Print(b.Data["text/markdown"])
	// Output:
	// **Costs**
	//
	// | algorithm | messages |
	// |:---|---:|
	// | ring | 24 |
}

func ExampleAnswerBundle() {
	b, err := AnswerBundle(`\theta_\infty = \frac{a}{\|a\|^2}`, "θ∞ = a/‖a‖²")
	fmt.Println(b.Data["text/markdown"], err)
	_, err = AnswerBundle(`\frac{a}{`, "a/")
	fmt.Println(err)
	// Output:
	// $$\boxed{\theta_\infty = \frac{a}{\|a\|^2}}$$ <nil>
	// display: the answer's formula leaves a brace open: "\\frac{a}{"
}
