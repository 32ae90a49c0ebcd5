package runner

import (
	"strings"
	"testing"
)

func TestOverfull(t *testing.T) {
	log := "Overfull \\hbox (2.1pt too wide) in paragraph at lines 10--11\n[]\\TU/x a fine line\nOverfull \\hbox (37.5pt too wide) in paragraph at lines 20--21\n[]\\TU/x check.ReportOrExit(check.AnswerVec(\n"
	got := Overfull(log, 4)
	if len(got) != 1 || !strings.HasPrefix(got[0], "37.5pt too wide: []\\TU/x check.ReportOrExit") {
		t.Errorf("Overfull = %q", got)
	}
}
