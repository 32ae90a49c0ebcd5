package lsq

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// orEmpty returns tr, or an empty trace if tr is nil, cut to the common
// length of Iter, Theta and Loss (a trace built by hand may have them
// differ; the methods then read only the iterations that are complete).
func (tr *Trace) orEmpty() *Trace {
	if tr == nil {
		return &Trace{}
	}
	n := min(len(tr.Iter), len(tr.Theta), len(tr.Loss))
	if n == len(tr.Iter) && n == len(tr.Theta) && n == len(tr.Loss) {
		return tr
	}
	return &Trace{Method: tr.Method, Iter: tr.Iter[:n], Theta: tr.Theta[:n], Loss: tr.Loss[:n]}
}

// Len returns the number of recorded iterations.
func (tr *Trace) Len() int { return len(tr.orEmpty().Iter) }

// Iters returns the last recorded iteration number (0 for an empty trace).
func (tr *Trace) Iters() int {
	tr = tr.orEmpty()
	if len(tr.Iter) == 0 {
		return 0
	}
	return tr.Iter[len(tr.Iter)-1]
}

// Final returns a copy of the last recorded θ, or nil for an empty trace.
func (tr *Trace) Final() []float64 {
	tr = tr.orEmpty()
	if len(tr.Theta) == 0 {
		return nil
	}
	return append([]float64(nil), tr.Theta[len(tr.Theta)-1]...)
}

// FinalLoss returns the last recorded loss, or NaN for an empty trace.
func (tr *Trace) FinalLoss() float64 {
	tr = tr.orEmpty()
	if len(tr.Loss) == 0 {
		return math.NaN()
	}
	return tr.Loss[len(tr.Loss)-1]
}

// Range returns, per coordinate, the smallest and largest θⱼ recorded at
// iterations ≥ from. On a converged run hi − lo is tiny; on constant-step
// sign descent it stays at the step size, the peak-to-peak amplitude of the
// oscillation. Both are nil if no recorded iteration is ≥ from.
func (tr *Trace) Range(from int) (lo, hi []float64) {
	tr = tr.orEmpty()
	for k, it := range tr.Iter {
		if it < from {
			continue
		}
		th := tr.Theta[k]
		if lo == nil {
			lo = append([]float64(nil), th...)
			hi = append([]float64(nil), th...)
			continue
		}
		if len(th) != len(lo) {
			continue // a θ of another dimension (a trace built by hand)
		}
		for j, v := range th {
			lo[j] = math.Min(lo[j], v)
			hi[j] = math.Max(hi[j], v)
		}
	}
	return lo, hi
}

// String summarizes the trace on one line, e.g.
// "SGD α=0.5: 200 iterations, loss 0, θ = [0.990001, 0.0990001, 0.00990001]"
// (or "…: no iterations recorded").
func (tr *Trace) String() string {
	tr = tr.orEmpty()
	if tr.Len() == 0 {
		return tr.Method + ": no iterations recorded"
	}
	return fmt.Sprintf("%s: %d iterations, loss %s, θ = %s",
		tr.Method, tr.Iters(), table.Float(tr.FinalLoss()), table.Vec(tr.Final()))
}

// maxThetaColumns is the largest dimension for which Trace.Table gives every
// θⱼ its own column; larger θ are printed as one vector column.
const maxThetaColumns = 8

// Table returns up to rows recorded iterations as a table with columns
// iteration, f(θ) and θ: iteration 0, the iterations of the 1-2-5 series
// (1, 2, 5, 10, 20, …, which Run always records; every other one of them
// when there are too many) and the last iteration, so the iteration numbers
// read as round numbers. Up to 8 parameters get a column each (θ₁, θ₂, …);
// more are printed as one vector. rows < 2 is treated as 2. Numbers have
// table.Precision significant digits.
func (tr *Trace) Table(rows int) *table.Table {
	tr = tr.orEmpty()
	d := 0
	if len(tr.Theta) > 0 {
		d = len(tr.Theta[0])
	}
	header := []string{"iteration", "f(θ)"}
	if d <= maxThetaColumns {
		for j := range d {
			header = append(header, "θ"+subscript(j+1))
		}
	} else {
		header = append(header, "θ")
	}
	t := table.New(tr.Method, header...)
	for _, k := range tr.roundIndices(rows) {
		cells := []any{tr.Iter[k], tr.Loss[k]}
		if d <= maxThetaColumns && len(tr.Theta[k]) == d {
			for _, v := range tr.Theta[k] {
				cells = append(cells, v)
			}
		} else {
			cells = append(cells, tr.Theta[k])
		}
		t.AddRow(cells...)
	}
	if len(tr.Iter) == 0 {
		t.Note = "empty trace"
	}
	return t
}

// roundIndices picks up to rows indices into tr.Iter: the first, the last
// and, in between, recorded iterations of the 1-2-5 series, thinned evenly
// when there are more of them than fit.
func (tr *Trace) roundIndices(rows int) []int {
	n := len(tr.Iter)
	if n == 0 {
		return nil
	}
	rows = max(rows, 2)
	var round []int
	for k := 1; k < n-1; k++ {
		if roundIter(tr.Iter[k]) {
			round = append(round, k)
		}
	}
	idx := []int{0}
	if room := rows - 2; len(round) > room {
		thin := make([]int, 0, room)
		for i := range room {
			// evenly over the series, always ending with its last entry
			thin = append(thin, round[(i+1)*len(round)/room-1])
		}
		round = thin
	}
	idx = append(idx, round...)
	if n > 1 {
		idx = append(idx, n-1)
	}
	return idx
}

// subscript writes a positive integer with Unicode subscript digits.
func subscript(k int) string {
	var b strings.Builder
	for _, c := range strconv.Itoa(k) {
		b.WriteRune('₀' + (c - '0'))
	}
	return b.String()
}
