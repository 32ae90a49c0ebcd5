package lsq

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// maxThetaColumns is the largest dimension for which Trace.Table gives every
// θⱼ its own column; larger θ are printed as one vector column.
const maxThetaColumns = 8

// Table returns about rows recorded iterations as a table with columns
// iteration, f(θ) and θ: iteration 0, the last iteration and, in between,
// iterations spaced evenly on a log scale (the recorded iteration nearest to
// each). Up to 8 parameters get a column each (θ₁, θ₂, …); more are printed
// as one vector. rows < 2 is treated as 2. Numbers have table.Precision
// significant digits.
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
	for _, k := range tr.logIndices(rows) {
		cells := []any{tr.Iter[k], tr.Loss[k]}
		if d <= maxThetaColumns {
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

// logIndices picks about rows indices into tr.Iter: the first, the last and
// the ones nearest to log-spaced iteration numbers in between.
func (tr *Trace) logIndices(rows int) []int {
	n := len(tr.Iter)
	if n == 0 {
		return nil
	}
	rows = max(rows, 2)
	if rows >= n {
		idx := make([]int, n)
		for k := range idx {
			idx[k] = k
		}
		return idx
	}
	first, last := tr.Iter[0], tr.Iter[n-1]
	idx := []int{0}
	// rows−1 targets from first+1 to last, evenly spaced in log(t − first).
	span := float64(last - first)
	for k := 0; k < rows-1; k++ {
		target := last
		if rows > 2 && k < rows-2 {
			target = first + int(math.Round(math.Pow(span, float64(k)/float64(rows-2))))
		}
		i := sort.SearchInts(tr.Iter, target)
		if i == n || i > 0 && target-tr.Iter[i-1] < tr.Iter[i]-target {
			i--
		}
		if i > idx[len(idx)-1] {
			idx = append(idx, i)
		}
	}
	if idx[len(idx)-1] != n-1 {
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

// LossFigure plots f(θ) against the iteration for each trace, on a log y
// axis, one series per trace named after its method; runs of LogXIters
// iterations or more get a log x axis too, so their start stays visible.
// Nil traces are skipped; iterations with f(θ) = 0 (and iteration 0 on a log
// x axis) cannot be drawn on log axes and are left out when drawing.
func LossFigure(traces ...*Trace) *figure.Figure {
	f := figure.New("Loss f(θ)", "iteration", "f(θ)")
	f.LogY = true
	for _, tr := range traces {
		if tr == nil {
			continue
		}
		f.LogX = f.LogX || tr.Iters() >= LogXIters
		x := make([]float64, len(tr.Iter))
		for k, it := range tr.Iter {
			x[k] = float64(it)
		}
		f.Add(tr.Method, x, append([]float64(nil), tr.Loss...), figure.Line)
	}
	return f
}

// LogXIters is the run length from which LossFigure uses a log x axis.
const LogXIters = 10_000

// ThetaLogXIters is the run length from which ThetaFigure uses a log x axis.
const ThetaLogXIters = 50

// ThetaFigure plots each component θⱼ of the trace against the iteration, on
// a log x axis for runs of ThetaLogXIters iterations or more (most of the
// movement happens in the first steps).
// If limit is not nil, each limitⱼ is drawn as a dashed horizontal line
// named "θⱼ limit"; a limit of the wrong length is left out and the title
// says so.
func ThetaFigure(tr *Trace, limit []float64) *figure.Figure {
	tr = tr.orEmpty()
	f := figure.New("θ: "+tr.Method, "iteration", "θ")
	if len(tr.Iter) == 0 {
		return f
	}
	f.LogX = tr.Iters() >= ThetaLogXIters
	d := len(tr.Theta[0])
	x := make([]float64, len(tr.Iter))
	for k, it := range tr.Iter {
		x[k] = float64(it)
	}
	for j := range d {
		y := make([]float64, len(tr.Theta))
		for k, th := range tr.Theta {
			y[k] = th[j]
		}
		f.Add("θ"+subscript(j+1), x, y, figure.Line)
		f.Series[len(f.Series)-1].Color = j + 1
	}
	switch {
	case limit == nil:
	case len(limit) != d:
		f.Title += fmt.Sprintf(" (limit left out: length %d, want %d)", len(limit), d)
	default:
		first := x[0]
		if f.LogX && first <= 0 && len(x) > 1 {
			first = x[1] // iteration 0 has no place on a log axis
		}
		ends := []float64{first, x[len(x)-1]}
		for j, v := range limit {
			f.Add("θ"+subscript(j+1)+" limit", ends, []float64{v, v}, figure.Dashed)
			f.Series[len(f.Series)-1].Color = j + 1
		}
	}
	return f
}

// Comparison is one row of a Compare table: a computed vector and the
// reference it should match.
type Comparison struct {
	// Name labels the row, e.g. the method.
	Name string
	// Got is the computed vector, e.g. the final θ of a run.
	Got []float64
	// Want is the reference, e.g. a closed-form limit.
	Want []float64
	// Route says where Want comes from, e.g. "sign(a)/‖a‖₁".
	Route string
}

// Versus pairs the trace's final θ with a reference for Compare, named
// after the trace's method.
func (tr *Trace) Versus(want []float64, route string) Comparison {
	tr = tr.orEmpty()
	return Comparison{Name: tr.Method, Got: tr.Final(), Want: want, Route: route}
}

// Compare returns a table with one row per comparison: name, got, want,
// route and max |Δ| = maxⱼ |gotⱼ − wantⱼ| (or why it cannot be computed).
func Compare(title string, rows ...Comparison) *table.Table {
	t := table.New(title, "", "θ", "reference", "route", "max |Δ|")
	t.Align = []table.Align{table.Left, table.Left, table.Left, table.Left, table.Right}
	for _, c := range rows {
		var diff any
		if len(c.Got) != len(c.Want) {
			diff = fmt.Sprintf("length %d ≠ %d", len(c.Got), len(c.Want))
		} else {
			diff = MaxAbsDiff(c.Got, c.Want)
		}
		t.AddRow(c.Name, c.Got, c.Want, c.Route, diff)
	}
	return t
}

// MaxAbsDiff returns maxⱼ |aⱼ − bⱼ|, NaN if a component is NaN or the
// lengths differ, and 0 for two empty vectors.
func MaxAbsDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.NaN()
	}
	var m float64
	for j := range a {
		d := math.Abs(a[j] - b[j])
		if math.IsNaN(d) {
			return math.NaN()
		}
		m = math.Max(m, d)
	}
	return m
}

// DistanceFigure plots max_j |θ_t,j − limitⱼ| against the iteration on
// log-log axes, one series per trace: how fast each run approaches the
// limit. Iterations at distance 0 cannot be drawn on the log axis and are
// left out. A trace of the wrong dimension is skipped and named in the title.
func DistanceFigure(limit []float64, traces ...*Trace) *figure.Figure {
	f := figure.New("Distance to the limit", "iteration", "max |θⱼ − θ∞ⱼ|")
	f.LogX, f.LogY = true, true
	for _, tr := range traces {
		if tr == nil || len(tr.Theta) == 0 {
			continue
		}
		if len(tr.Theta[0]) != len(limit) {
			f.Title += fmt.Sprintf(" (%s left out: dimension %d, limit %d)", tr.Method, len(tr.Theta[0]), len(limit))
			continue
		}
		x := make([]float64, len(tr.Iter))
		y := make([]float64, len(tr.Iter))
		for k, it := range tr.Iter {
			x[k], y[k] = float64(it), MaxAbsDiff(tr.Theta[k], limit)
		}
		f.Add(tr.Method, x, y, figure.Line)
	}
	return f
}

// Curve returns the step size α_t = Rate(lr, t) at about 50 iterations
// spaced evenly on a log scale between 1 and iters, for drawing a schedule
// (e.g. the bound α₀/t) next to DistanceFigure's runs.
func (s Schedule) Curve(lr float64, iters int) (x, y []float64) {
	if iters < 1 {
		return nil, nil
	}
	const points = 50
	last := -1
	for k := range points + 1 {
		t := int(math.Round(math.Pow(float64(iters), float64(k)/points)))
		if t <= last || t > iters {
			continue
		}
		last = t
		x = append(x, float64(t))
		y = append(y, s.Rate(lr, t-1))
	}
	return x, y
}

// ResidualFigure plots the signed residual r_t = y − xᵀθ_t of a single-row
// problem for the first steps of each trace, on a linear axis: unlike the
// loss r², it shows the sign changes that tell monotone from oscillating
// convergence and the jumps of a period-2 run. Traces are cut at steps
// iterations.
func ResidualFigure(p *Problem, steps int, traces ...*Trace) (*figure.Figure, error) {
	if p == nil || p.Rows() != 1 {
		return nil, errors.New("lsq: ResidualFigure is for one data point")
	}
	x0, y0 := p.Row(0)
	f := figure.New("Residual r = 1 − aᵀθ", "iteration", "r")
	for _, tr := range traces {
		if tr == nil {
			continue
		}
		var xs, rs []float64
		for k, it := range tr.Iter {
			if it > steps {
				break
			}
			xs = append(xs, float64(it))
			rs = append(rs, y0-dot(x0, tr.Theta[k]))
		}
		f.Add(tr.Method, xs, rs, figure.LinePoints)
	}
	return f, nil
}
