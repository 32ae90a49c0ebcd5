package comm

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/table"
)

// closed returns the closed-form costs of what r measured, or an error if r
// is nil or malformed (a result not made by this package's simulator).
func (r *SimResult) closed() (Costs, error) {
	if r == nil {
		return Costs{}, fmt.Errorf("comm: nil SimResult")
	}
	k := r.Measured
	want, err := k.Algorithm.Costs(k.Cluster)
	if err != nil {
		return Costs{}, err
	}
	nodes := k.Cluster.N
	if k.Algorithm.scheme().server() {
		nodes++
	}
	if len(r.Sent) != nodes || len(r.Recv) != nodes || len(r.SentMsgs) != nodes || len(r.RecvMsgs) != nodes {
		return Costs{}, fmt.Errorf("comm: %s result with %d per-node counts for %d nodes: not made by Simulate", k.Algorithm, len(r.Sent), nodes)
	}
	return want, nil
}

// Verify compares every simulation in runs with its closed forms and
// returns one check: ✓ when every field of Measured (messages, smallest and
// largest message, elements, most sent and most received by a worker,
// busiest port and link, rounds, critical path: 10 counts; and the time)
// equals Algorithm.Costs exactly and every worker ended with the sum of
// the gradients within the rounding bound (SimResult.MaxErr ≤ Tol: the
// largest absolute difference, over workers and elements, from the sum
// added in rank order; Simulate and Measure check it); ✗ naming each
// difference otherwise. Nil results are skipped; no
// result at all fails.
func Verify(runs ...*SimResult) check.Result {
	var names, bad []string
	worst, tol := 0.0, 0.0
	for _, r := range runs {
		if r == nil {
			continue
		}
		want, err := r.closed()
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		got, name := r.Measured, r.Measured.Algorithm.Name()
		names = append(names, name)
		if got != want {
			bad = append(bad, name+": "+costDiff(got, want))
		}
		switch {
		case !r.checked:
			bad = append(bad, name+": no sum check (AllReduce keeps no reference; use Simulate or Measure)")
		case !r.SumOK:
			bad = append(bad, fmt.Sprintf("%s: a worker's sum differs by %s from the sequential one, more than the rounding bound %s", name, table.Float(r.MaxErr), table.Float(r.Tol)))
		}
		worst, tol = maxNaN(worst, r.MaxErr), max(tol, r.Tol)
	}
	title := "simulated = closed forms"
	switch {
	case len(names) == 0 && len(bad) == 0:
		return check.True(title, false, "no simulation to compare")
	case len(bad) > 0:
		return check.True(title, false, strings.Join(bad, "; "))
	}
	return check.True(title, true, fmt.Sprintf("%d algorithms × 10 counts and T, exactly; every worker's sum within %s of the sequential float64 sum, element by element (rounding bound %s)",
		len(names), g2(worst), g2(tol)))
}

// g2 prints x with 2 significant digits.
func g2(x float64) string { return strconv.FormatFloat(x, 'g', 2, 64) }

// costDiff lists the fields in which got and want differ.
func costDiff(got, want Costs) string {
	var d []string
	add := func(name string, g, w any) {
		if g != w {
			d = append(d, fmt.Sprintf("%s %v ≠ %v", name, g, w))
		}
	}
	add("messages", got.Messages, want.Messages)
	add("smallest message", got.MinSize, want.MinSize)
	add("largest message", got.MaxSize, want.MaxSize)
	add("elements", got.Elements, want.Elements)
	add("sent/worker", got.MaxSent, want.MaxSent)
	add("received/worker", got.MaxRecv, want.MaxRecv)
	add("busiest port", got.NodeLoad, want.NodeLoad)
	add("busiest link", got.LinkLoad, want.LinkLoad)
	add("rounds", got.Steps, want.Steps)
	add("critical path", got.Critical, want.Critical)
	add("T", got.Time, want.Time)
	if len(d) == 0 {
		return "cluster or algorithm differ"
	}
	return strings.Join(d, ", ")
}

// MeasuredTable shows what simulations measured, one row per result:
// messages, message size, the most elements one worker sends (the
// parameter server's server is not a worker), the busiest port (one node,
// one direction), rounds and the time in milliseconds; its Note names what
// else Verify compares. Verify compares them with the closed forms and
// CheckTable shows the comparison. Nil and malformed results are skipped (a malformed
// one is named in the Note).
func MeasuredTable(runs ...*SimResult) *table.Table { return measuredTable(false, runs) }

// tabulable returns the results a table can show: the non-nil ones whose
// closed forms exist. For each of the others with an error, the error goes
// into t's note as a ✗ line.
func tabulable(t *table.Table, runs []*SimResult) []*SimResult {
	var out []*SimResult
	for _, r := range runs {
		if r == nil {
			continue
		}
		if _, err := r.closed(); err != nil {
			t.Note += "✗ " + err.Error() + " "
			continue
		}
		out = append(out, r)
	}
	return out
}

// measuredTable is MeasuredTable; again shortens its Note to a reference
// to the first such table of a handout (MoreMeasuredTables).
func measuredTable(again bool, runs []*SimResult) *table.Table {
	t := table.New("Measured in the simulation",
		"algorithm", "messages", "msg size", "most sent by a worker", "busiest port", "rounds", "T (ms)")
	server := false
	for _, r := range tabulable(t, runs) {
		k := r.Measured
		server = server || k.Algorithm.scheme().server()
		t.Title = fmt.Sprintf("Measured in the simulation: %d workers, p = %d elements of %d B", k.Cluster.N, k.Cluster.P, k.Cluster.ElemBytes())
		t.AddRow(unbroken(k.Algorithm.Name()), k.Messages, sizeCell(k.MinSize, k.MaxSize), k.MaxSent, k.NodeLoad, k.Steps, k.Time*1e3)
	}
	if len(t.Rows) > 0 && again {
		t.Note += "In elements"
		if server {
			t.Note += "; the server is not a worker"
		}
		t.Note += "; T, the checks and the rounding bound as in the first simulation table."
	} else if len(t.Rows) > 0 {
		t.Note += "In elements, as the goroutines exchanged them; a port counts one direction"
		if server {
			t.Note += "; the server is not a worker"
		}
		t.Note += ". T from the measured rounds and critical path. Also checked: the smallest message, all elements, " +
			"the most a worker receives, the busiest link, the critical path. Gradients uniform on [−1, 1), added in float64; rounding bound 2θn, " +
			"θ = (n−1)u/(1−(n−1)u), u = 2⁻⁵³: two sums of n terms of magnitude at most 1 each lie within θn of the exact one."
	}
	return t
}

// MeasuredTables returns MeasuredTable(runs...) and, with detail, the
// comparison behind Verify (CheckTable) and where the bytes went
// (TrafficTable): what a notebook shows, and what it shows on request.
func MeasuredTables(detail bool, runs ...*SimResult) []*table.Table {
	return measuredTables(false, detail, runs)
}

// MoreMeasuredTables is MeasuredTables for a handout's later simulations:
// the same tables, but the Note of the first refers to the first
// simulation table instead of repeating its explanations.
func MoreMeasuredTables(detail bool, runs ...*SimResult) []*table.Table {
	return measuredTables(true, detail, runs)
}

func measuredTables(again, detail bool, runs []*SimResult) []*table.Table {
	out := []*table.Table{measuredTable(again, runs)}
	if detail {
		out = append(out, CheckTable(runs...), TrafficTable(runs...))
	}
	return out
}

// CheckTable is the detail behind Verify: one column per result and one row
// per quantity, the measured value followed by ✓ when it equals the closed
// form exactly, or by ✗ and the closed form; then the largest difference of
// a worker's vector from the sum and its rounding bound, and whether all
// workers end bit-identical ("yes", or "no (last bits differ)": a property
// of the order of the additions, not a failed check). Nil and malformed
// results are skipped.
func CheckTable(runs ...*SimResult) *table.Table {
	t := table.New("Every count checked (✓ = equals the closed form)", "")
	labels := []string{"messages", "message size", "elements in all", "most sent by a worker", "most received by one",
		"busiest port", "busiest link", "rounds", "critical path", "T (s)", "max |Δ| to the sum", "rounding bound", "workers identical"}
	var cols [][]string
	for _, r := range runs {
		if r == nil {
			continue
		}
		want, err := r.closed()
		if err != nil {
			t.Note += "✗ " + err.Error() + " "
			continue
		}
		got := r.Measured
		t.Title = fmt.Sprintf("Every count checked, n = %d, p = %d (✓ = equals the closed form)", got.Cluster.N, got.Cluster.P)
		t.Header = append(t.Header, got.Algorithm.Name())
		dev, bound := "—", "—"
		if r.checked {
			dev, bound = table.Cell(r.MaxErr)+" "+table.Cell(r.SumOK), table.Float(r.Tol)
		}
		same := "yes"
		if !r.Identical() {
			same = "no (last bits differ)"
		}
		cols = append(cols, []string{
			mark(fmt.Sprint(got.Messages), fmt.Sprint(want.Messages)),
			mark(sizeCell(got.MinSize, got.MaxSize), sizeCell(want.MinSize, want.MaxSize)),
			mark(fmt.Sprint(got.Elements), fmt.Sprint(want.Elements)),
			mark(fmt.Sprint(got.MaxSent), fmt.Sprint(want.MaxSent)),
			mark(fmt.Sprint(got.MaxRecv), fmt.Sprint(want.MaxRecv)),
			mark(fmt.Sprint(got.NodeLoad), fmt.Sprint(want.NodeLoad)),
			mark(fmt.Sprint(got.LinkLoad), fmt.Sprint(want.LinkLoad)),
			mark(fmt.Sprint(got.Steps), fmt.Sprint(want.Steps)),
			mark(fmt.Sprint(got.Critical), fmt.Sprint(want.Critical)),
			markTime(got.Time, want.Time),
			dev, bound, same,
		})
	}
	if len(cols) > 0 {
		addColumns(t, labels, cols)
		t.Note += "Counts in elements; the busiest port counts one direction of one node's port."
	}
	return t
}

// addColumns fills t with one row per label, cols[j][i] in column j+1 of row i.
func addColumns(t *table.Table, labels []string, cols [][]string) {
	for i, l := range labels {
		row := []any{l}
		for _, c := range cols {
			row = append(row, c[i])
		}
		t.AddRow(row...)
	}
}

// markTime prints a time with ✓ if it equals want exactly.
func markTime(got, want float64) string {
	if got == want {
		return table.Float(got) + " ✓"
	}
	return table.Float(got) + " ✗ (" + table.Float(want) + ")"
}

// mark prints got followed by ✓ if it equals want, else by ✗ and want.
func mark(got, want string) string {
	if got == want {
		return got + " ✓"
	}
	return got + " ✗ (" + want + ")"
}
