package display

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
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
// "✗ error: display: …" line and exit with status 1; they are run in a
// child process (this test binary, re-run with helperEnv set).
const helperEnv = "HWKIT_DISPLAY_HELPER"

func TestExitOnBadInput(t *testing.T) {
	for _, tc := range []struct {
		helper   string
		notebook bool
		want     string
	}{
		{"Table(nil)", false, "✗ error: display: no table (a nil *table.Table)"},
		{"Tables(t, nil)", false, "✗ error: display: no table"},
		{"Answer(empty)", false, "✗ error: display: an answer needs a formula"},
		{"Answer($)", false, "✗ error: display: the answer's formula contains $"},
		// In a notebook whose pipe cannot be opened.
		{"Table(t)", true, "✗ error: display: opening GoNB's pipe"},
		{"Answer(ok)", true, "✗ error: display: opening GoNB's pipe"},
	} {
		t.Run(tc.helper+map[bool]string{true: " in a notebook"}[tc.notebook], func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
			cmd.Env = append(os.Environ(), helperEnv+"="+tc.helper, "GONB_PIPE=", "GONB_PIPE_BACK=")
			if tc.notebook {
				dir := t.TempDir()
				cmd.Env = append(cmd.Env, "GONB_PIPE="+dir+"/missing", "GONB_PIPE_BACK="+dir+"/missing_back")
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1\n%s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], tc.want) {
				t.Errorf("stderr %q, want one line starting with %q", stderr.String(), tc.want)
			}
		})
	}
}

// TestHelperProcess is the child process of TestExitOnBadInput.
func TestHelperProcess(t *testing.T) {
	name := os.Getenv(helperEnv)
	if name == "" {
		t.Skip("runs as a child process of TestExitOnBadInput")
	}
	tb := table.New("T", "a").AddRow(1)
	map[string]func(){
		"Table(nil)":     func() { Table(nil) },
		"Tables(t, nil)": func() { Tables(tb, nil) },
		"Table(t)":       func() { Table(tb) },
		"Answer(empty)":  func() { Answer(" ", "x") },
		"Answer($)":      func() { Answer("x = $1", "x") },
		"Answer(ok)":     func() { Answer("x = 1", "x = 1") },
	}[name]()
	os.Exit(0) // a call that returns is a failure of TestExitOnBadInput
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
