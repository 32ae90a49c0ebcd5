package lsq

import (
	"fmt"

	"github.com/dl-course/hw2/hwkit/table"
)

// Named is a parameter vector with a label, e.g. a method's final iterate.
type Named struct {
	Name  string
	Theta []float64
}

// DiffTable tabulates, for each named vector, its difference from ref
// coordinate by coordinate (θⱼ − refⱼ), which shows deviations far below
// the 6 significant digits of the vectors themselves. Vectors of another
// length than ref get a row saying so; ref itself is the note (ref = …).
// Up to 8 coordinates get a column each; more are printed as one vector. A
// row with a non-finite difference says "not finite" instead of numbers.
func DiffTable(title string, ref []float64, rows ...Named) *table.Table {
	wide := len(ref) > maxThetaColumns
	header := []string{"vector"}
	if wide {
		header = append(header, "θ − ref")
	}
	for j := range ref {
		if !wide {
			header = append(header, "θ"+subscript(j+1)+" − ref")
		}
	}
	t := table.New(title, header...)
	for _, r := range rows {
		if len(r.Theta) != len(ref) {
			t.AddRow(r.Name, fmt.Sprintf("length %d, reference %d", len(r.Theta), len(ref)))
			continue
		}
		diff := make([]float64, len(ref))
		finiteRow := true
		for j := range ref {
			diff[j] = r.Theta[j] - ref[j]
			finiteRow = finiteRow && finite(diff[j])
		}
		cells := []any{r.Name}
		switch {
		case !finiteRow:
			cells = append(cells, "not finite")
		case wide:
			cells = append(cells, diff)
		default:
			for _, v := range diff {
				cells = append(cells, v)
			}
		}
		t.AddRow(cells...)
	}
	t.Note = "ref = " + table.Vec(ref)
	return t
}

// LimitDiffTable tabulates each run's last iterate minus θ∞ coordinate by
// coordinate for runs that share a limit (the first run's), e.g. Adam with
// two values of ε; a run of another dimension gets a row saying so. With
// no runs the table is empty.
func LimitDiffTable(progs ...Progress) *table.Table {
	if len(progs) == 0 {
		return table.New("Last iterate − θ∞: no runs")
	}
	rows := make([]Named, len(progs))
	for i, p := range progs {
		rows[i] = Named{Name: fmt.Sprintf("%s, %d steps", p.Method, p.Iters), Theta: p.Final}
	}
	t := DiffTable("Last iterate − θ∞, per coordinate", progs[0].Limit, rows...)
	t.Header[0] = "run"
	t.Note = "ref = θ∞ = " + table.Vec(progs[0].Limit)
	return t
}
