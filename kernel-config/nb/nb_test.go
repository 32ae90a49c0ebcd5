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

func TestGoFlags(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
		has  bool
	}{
		{"%noautoget\n%goflags -gcflags=all=-dwarf=false \"-ldflags=-s -w\"\nimport \"flag\"", []string{"-gcflags=all=-dwarf=false", "-ldflags=-s -w"}, true},
		{"%goflags -ldflags='-X main.v=a b' -tags=x\\ y", []string{"-ldflags=-X main.v=a b", "-tags=x y"}, true},
		{"%goflags", nil, true},
		{"%goflagsx -a\n%%\nfmt.Println()", nil, false},
	} {
		got, has, err := GoFlags(c.src)
		if err != nil || has != c.has || !reflect.DeepEqual(got, c.want) {
			t.Errorf("GoFlags(%q) = %q, %v, %v; want %q, %v", c.src, got, has, err, c.want, c.has)
		}
	}
	if _, _, err := GoFlags(`%goflags "-ldflags=-s -w`); err == nil {
		t.Error("an unterminated quote gave no error")
	}
}
