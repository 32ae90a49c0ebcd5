package nb

import (
	"reflect"
	"strings"
	"testing"
)

const sample = `{
 "cells": [
  {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "id": "c1", "metadata": {"tags": ["setup"]}, "execution_count": 3,
   "source": "%%\nfmt.Println(1)",
   "outputs": [
    {"output_type": "stream", "name": "stdout", "text": ["✓ a\n", "✓ b\n"]},
    {"output_type": "stream", "name": "stderr", "text": "✗ error: lsq: bad\n"},
    {"output_type": "display_data", "data": {"text/html": "<style>x{}</style><b>compile &amp; fail</b>"}, "metadata": {}},
    {"output_type": "error", "ename": "ERROR", "evalue": "exit status 1", "traceback": []}
   ]}
 ],
 "metadata": {"kernelspec": {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}},
 "nbformat": 4, "nbformat_minor": 5
}`

func TestParseAndInspect(t *testing.T) {
	n, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if n.KernelName() != "gonb" || len(n.Cells) != 2 || len(n.Code()) != 1 {
		t.Fatalf("parsed %+v", n)
	}
	c := n.Cells[1]
	if !c.HasTag("setup") || c.HasTag("parameters") || c.FirstLine() != "%%" {
		t.Errorf("tags %v, first line %q", c.Tags(), c.FirstLine())
	}
	if n.Cells[0].Source != "# Title\ntext" {
		t.Errorf("joined source %q", n.Cells[0].Source)
	}
	if got := c.Text(); !strings.Contains(got, "✓ a\n✓ b\n") || !strings.Contains(got, "ERROR: exit status 1") {
		t.Errorf("text %q", got)
	}
	errs := n.Errors()
	if len(errs) != 1 || errs[0].Index != 1 {
		t.Fatalf("errors %v", errs)
	}
	for _, want := range []string{"exit status 1", "✗ error: lsq: bad", "compile & fail"} {
		if !strings.Contains(errs[0].Message, want) {
			t.Errorf("error message %q lacks %q", errs[0].Message, want)
		}
	}
	if strings.Contains(errs[0].Message, "x{}") {
		t.Errorf("style leaked into %q", errs[0].Message)
	}
}

func TestRoundTrip(t *testing.T) {
	n, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	b, err := n.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"source": [`, `"# Title\n",`, `"execution_count": 3`, `"ename": "ERROR"`, `"nbformat": 4`} {
		if !strings.Contains(s, want) {
			t.Errorf("marshalled notebook lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, `\u003c`) {
		t.Error("HTML escaped in JSON")
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := m.Marshal()
	if string(b2) != s {
		t.Error("second round trip differs")
	}
	// Markdown cells never get outputs; code cells always do.
	if strings.Count(s, `"outputs"`) != 1 {
		t.Errorf("outputs keys: %d", strings.Count(s, `"outputs"`))
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{`{`, `{"nbformat": 3, "cells": []}`, `{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) succeeded", bad)
		}
	}
}

// TestSplitCmd: GoNB's own case for its splitCmd (specialcmd_test.go in
// GoNB v0.11.4), and the ways it differs from a POSIX shell.
func TestSplitCmd(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		want []string
	}{
		{"--msg=\"hello world\" \t\n --msg2=\"it replied \\\"\\nhello\\t\\\"\" \"", []string{"--msg=hello world", "--msg2=it replied \"\nhello\t\"", ""}},
		{"-ldflags='-X main.v=a b'", []string{"-ldflags='-X", "main.v=a", "b'"}}, // no single quotes
		{`-tags=x\ y`, []string{`-tags=x\`, "y"}},                                // \ is plain outside quotes
		{`it's`, []string{"it's"}},
	} {
		if got := splitCmd(c.cmd); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitCmd(%q) = %q, want %q", c.cmd, got, c.want)
		}
	}
}

func TestGoFlags(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
		set  bool
	}{
		{"%noautoget\n%goflags -gcflags=all=-dwarf=false \"-ldflags=-s -w\"\nimport \"flag\"", []string{"-gcflags=all=-dwarf=false", "-ldflags=-s -w"}, true},
		{"%goflags -a\n%goflags -b \"\"", []string{"-b"}, true},        // the last line wins, "" is dropped
		{"//gonb:%goflags -a \\\n  -b", []string{"-a", "-b"}, true},    // escaped, continued
		{"%goflags", nil, false},                                       // only prints the flags
		{"  %goflags -a\n%goflagsx -b\n%%\nfmt.Println()", nil, false}, // indented: Go code to GoNB
	} {
		got, set := GoFlags(c.src)
		if set != c.set || !reflect.DeepEqual(got, c.want) {
			t.Errorf("GoFlags(%q) = %q, %v; want %q, %v", c.src, got, set, c.want, c.set)
		}
	}
}

func TestSplitGo(t *testing.T) {
	for _, c := range []struct{ src, decls, body string }{
		{"!*go work use .\n%goworkfix\nimport \"flag\"\n%%\nflag.Parse()", `import "flag"`, "flag.Parse()"},
		{"var x = 1\n%% -n=2\nfmt.Println(x)", "var x = 1", "fmt.Println(x)"},
		{"%main\nfmt.Println()", "", "fmt.Println()"},
		{"!echo a \\\n  b\nvar y int", "var y int", ""},              // a continued shell line
		{"var s = `\n  %d items\n`", "var s = `\n  %d items\n`", ""}, // indented: not a magic
	} {
		d, b := SplitGo(c.src)
		if d != c.decls || b != c.body {
			t.Errorf("SplitGo(%q) = %q, %q; want %q, %q", c.src, d, b, c.decls, c.body)
		}
	}
}

func TestShellFields(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
		ok   bool
	}{
		{`-gcflags=all=-dwarf=false "-ldflags=-s -w"`, []string{"-gcflags=all=-dwarf=false", "-ldflags=-s -w"}, true},
		{`'a b' c\ d "e\"f\g"`, []string{"a b", "c d", `e"f\g`}, true},
		{`"open`, nil, false},
		{`x\`, nil, false},
	} {
		got, ok := ShellFields(c.s)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ShellFields(%q) = %q, %v; want %q, %v", c.s, got, ok, c.want, c.ok)
		}
	}
}
