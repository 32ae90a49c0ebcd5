package nb

import (
	"errors"
	"strings"
	"testing"
)

func studentFixture() *Notebook {
	return &Notebook{NBFormat: 4, Metadata: map[string]any{}, Cells: []*Cell{
		{CellType: "markdown", Metadata: map[string]any{}, Source: "**Derivation.**\n<!-- BEGIN SOLUTION -->\nsecret derivation $x^2$\n<!-- END SOLUTION -->\nAfter."},
		{CellType: "code", Metadata: map[string]any{}, Source: "%%\nvar yours []float64\n\t// BEGIN SOLUTION\n\tyours = secretAnswer(a)\n\t// END SOLUTION\ncheck.ReportOrExit()",
			Outputs: []Output{{OutputType: "stream", Name: "stdout", Text: "✓"}}},
	}}
}

func TestStudentVersion(t *testing.T) {
	n := studentFixture()
	s, regions, err := StudentVersion(n)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 2 || !regions[1].Code || regions[1].Text != "\tyours = secretAnswer(a)" {
		t.Fatalf("regions %+v", regions)
	}
	if got := s.Cells[0].Source; got != "**Derivation.**\n"+MarkdownStub+"\nAfter." {
		t.Errorf("markdown: %q", got)
	}
	if got := s.Cells[1].Source; got != "%%\nvar yours []float64\n\t"+CodeStub+"\ncheck.ReportOrExit()" {
		t.Errorf("code: %q", got)
	}
	if len(s.Cells[1].Outputs) != 0 {
		t.Error("outputs kept")
	}
	if n.Cells[1].Source == s.Cells[1].Source || len(n.Cells[1].Outputs) != 1 {
		t.Error("the original was modified")
	}
}

func TestBrokenMarkers(t *testing.T) {
	for _, tc := range []struct {
		name, cellType, src, want string
	}{
		{"unclosed", "code", "x\n// BEGIN SOLUTION\ny", "cell 0 (x), line 2: \"// BEGIN SOLUTION\" is never closed"},
		{"nested", "code", "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "line 2: \"// BEGIN SOLUTION\" inside the region opened on line 1"},
		{"end first", "markdown", "text\n<!-- END SOLUTION -->", "line 2: \"<!-- END SOLUTION -->\" without"},
		{"wrong kind", "markdown", "// BEGIN SOLUTION", "is a code marker in a markdown cell"},
	} {
		n := &Notebook{Cells: []*Cell{{CellType: tc.cellType, Source: tc.src}}}
		_, _, err := StudentVersion(n)
		var me *MarkerError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestStudentVersionHiddenTests(t *testing.T) {
	n := &Notebook{NBFormat: 4, Metadata: map[string]any{}, Cells: []*Cell{
		{CellType: "code", Metadata: map[string]any{}, Source: "%%\ncheck(yourX(a))\n// BEGIN HIDDEN TESTS\ncheck(yourX([]float64{7, 9}))\n// END HIDDEN TESTS\ndone()"},
	}}
	s, regions, err := StudentVersion(n)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 1 || !regions[0].Hidden || regions[0].Text != "check(yourX([]float64{7, 9}))" {
		t.Fatalf("regions %+v", regions)
	}
	if got := s.Cells[0].Source; got != "%%\ncheck(yourX(a))\ndone()" {
		t.Errorf("student version %q", got)
	}
	for _, bad := range []string{"// BEGIN HIDDEN TESTS\nx", "// END HIDDEN TESTS", "// BEGIN SOLUTION\n// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS\n// END SOLUTION"} {
		if _, _, err := StudentVersion(&Notebook{Cells: []*Cell{{CellType: "code", Source: bad}}}); err == nil {
			t.Errorf("%q: no marker error", bad)
		}
	}
}

func TestForReaders(t *testing.T) {
	n := &Notebook{NBFormat: 4, Metadata: map[string]any{}, Cells: []*Cell{
		{CellType: "code", Metadata: map[string]any{}, Source: "%%\nx := 0 // not answered yet\n\t// BEGIN SOLUTION\nx = 1\n\t// END SOLUTION\ncheck(x)\n// BEGIN HIDDEN TESTS\ncheck(2)\n// END HIDDEN TESTS"},
		{CellType: "markdown", Metadata: map[string]any{}, Source: "<!-- BEGIN SOLUTION -->\nkept\n<!-- END SOLUTION -->"},
	}}
	r, err := n.ForReaders()
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Cells[0].Source; got != "%%\nx = 1\ncheck(x)" {
		t.Errorf("code %q", got)
	}
	if r.Cells[1].Source != n.Cells[1].Source || !strings.Contains(n.Cells[0].Source, "HIDDEN") {
		t.Error("markdown changed, or the original modified")
	}
}
