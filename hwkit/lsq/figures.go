package lsq

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// ProgressFigure plots each run's distance to its limit, ‖θ_t − θ∞‖∞, titled
// by the methods,
// against the iteration on a log y axis, with the theory's bound as a wide
// light band beneath its run's curves where there is one (a curve on its
// bound and the bound both stay visible): |q|ᵗ·‖θ∞‖∞ for SGD and rescaled SGD (the
// distance itself; drawn down to the rounding floor u·‖θ∞‖∞), α_{t−1} for
// decaying sign descent from the step that crosses the target on. Runs that
// alternate around their limit (sign descent, Adam) are drawn as two
// curves, even and odd t, each as its upper envelope (the largest distance
// in each of about 150 bins, log-spaced in t) instead of a solid band of
// zigzags, and put the x axis on a log scale. So that every curve can be
// told apart in grayscale, a decaying run's two curves are solid with
// markers (circles for even t, squares for odd t, on about 36 bins), a
// constant step's are dotted (even t) and dash-dotted (odd t). Points at distance 0 cannot be drawn on the log axis
// and are left out. It returns an error when there is no run or a run's θ
// does not match its limit in dimension.
func ProgressFigure(progs ...Progress) (*figure.Figure, error) {
	if len(progs) == 0 {
		return nil, errors.New("lsq: ProgressFigure needs at least one run")
	}
	var methods []string
	for _, p := range progs {
		if len(methods) == 0 || methods[len(methods)-1] != p.Method {
			methods = append(methods, p.Method)
		}
	}
	f := figure.New(strings.Join(methods, ", ")+": distance to the limit", "iteration t", "‖θ − θ∞‖∞")
	f.LogY, f.Height = true, 290
	for _, p := range progs {
		f.LogX = f.LogX || p.alternates
	}
	for _, p := range progs {
		tr := p.Trace
		if tr == nil || len(p.Limit) == 0 {
			return nil, fmt.Errorf("lsq: ProgressFigure: %q has no run or no limit", p.Method)
		}
		if len(tr.Theta) != len(tr.Iter) {
			return nil, fmt.Errorf("lsq: ProgressFigure: the trace of %q has %d iterations but %d θ", p.Method, len(tr.Iter), len(tr.Theta))
		}
		var ex, ey, ox, oy []float64
		for k, it := range tr.Iter {
			th := tr.Theta[k]
			if len(th) != len(p.Limit) {
				return nil, fmt.Errorf("lsq: ProgressFigure: %q has θ of dimension %d, its limit %d", p.Method, len(th), len(p.Limit))
			}
			if it == 0 && f.LogX {
				continue
			}
			dist := floats.Distance(th, p.Limit, math.Inf(1))
			if p.alternates && it%2 == 1 {
				ox, oy = append(ox, float64(it)), append(oy, dist)
			} else {
				ex, ey = append(ex, float64(it)), append(ey, dist)
			}
		}
		name := p.Method // the legend: the schedule when there is one, else the method
		if p.Schedule != "" {
			name = p.Schedule
		}
		switch {
		case p.alternates && p.constantStep: // two flat lines: dotted and dash-dotted
			ex, ey = envelope(ex, ey, envelopeBins)
			ox, oy = envelope(ox, oy, envelopeBins)
			f.Add(name+", even t", ex, ey, figure.Dotted)
			f.Add(name+", odd t", ox, oy, figure.DashDot)
		case p.alternates: // solid, even and odd t told apart by their markers
			ex, ey = envelope(ex, ey, markerBins)
			ox, oy = envelope(ox, oy, markerBins)
			f.Add(name+", even t", ex, ey, figure.LinePoints)
			f.Series[len(f.Series)-1].Marker = 1 // circles
			f.Add(name+", odd t", ox, oy, figure.LinePoints)
			f.Series[len(f.Series)-1].Marker = 2 // squares
		default:
			f.Add(name, ex, ey, figure.Line)
		}
		if p.bound != nil {
			bx, by := p.boundCurve(f.LogX)
			if len(bx) > 0 {
				f.Add("bound "+p.boundName, bx, by, figure.Band) // beneath: a run on its bound stays visible, and so does the bound
			}
		}
	}
	return f, nil
}

// envelopeBins is the number of log-spaced bins of envelope for a curve
// drawn as a line; markerBins for one drawn with markers, so that the
// markers stay apart.
const (
	envelopeBins = 150
	markerBins   = 36
)

// envelope returns the upper envelope of the points (x, y), x > 0 and
// increasing: the largest y in each of bins log-spaced bins, at that point's
// x, and every point where there are at most bins points.
func envelope(x, y []float64, bins int) (ex, ey []float64) {
	if len(x) <= bins {
		return x, y
	}
	lo, hi := math.Log(x[0]), math.Log(x[len(x)-1])
	bin := func(v float64) int {
		return min(int(float64(bins)*(math.Log(v)-lo)/(hi-lo)), bins-1)
	}
	for start := 0; start < len(x); {
		b, best := bin(x[start]), start
		end := start + 1
		for end < len(x) && bin(x[end]) == b {
			if y[end] > y[best] {
				best = end
			}
			end++
		}
		ex, ey = append(ex, x[best]), append(ey, y[best])
		start = end
	}
	return ex, ey
}

// boundCurve samples the bound from boundFrom to the last iteration (about
// 60 points, log-spaced on a log axis), stopping at the rounding floor.
func (p Progress) boundCurve(logX bool) (x, y []float64) {
	from, to := max(p.boundFrom, 0), p.Iters
	if logX {
		from = max(from, 1)
	}
	floor := unitRoundoff * floats.Norm(p.Limit, math.Inf(1))
	const points = 60
	last := -1
	for k := range points + 1 {
		var t int
		if logX {
			t = int(math.Round(float64(from) * math.Pow(float64(to)/float64(from), float64(k)/points)))
		} else {
			t = from + (to-from)*k/points
		}
		if t <= last || t > to {
			continue
		}
		last = t
		b := p.bound(t)
		if b < floor {
			break
		}
		x, y = append(x, float64(t)), append(y, b)
	}
	return x, y
}

// GeometryFigure draws the two-dimensional picture of the three answers for
// a data point a with two non-zero entries: the line of interpolants
// aᵀθ = 1, the first steps of SGD, sign descent and rescaled SGD from 0
// (along a, sign(a) and 1/a), and the level set of each one's norm that
// touches the line at its limit: the ℓ2 ball (dashed), the ℓ∞ box (dotted)
// and the ellipse Σᵢ aᵢ²θᵢ² = 1/2 (dash-dotted), each trajectory with its
// own marker, so that they can be told apart in grayscale. It returns an error unless len(a) = 2 and both entries
// are non-zero and finite.
func GeometryFigure(a []float64) (*figure.Figure, error) {
	if len(a) != 2 {
		return nil, fmt.Errorf("lsq: GeometryFigure draws the plane: a needs 2 entries, not %d", len(a))
	}
	if err := CheckPoint(a); err != nil {
		return nil, err
	}
	if a[0] == 0 || a[1] == 0 {
		return nil, errors.New("lsq: GeometryFigure needs both entries of a non-zero (rescaling divides by them)")
	}
	sgd, _ := SGDLimit(a)
	sgn, _ := SignLimit(a)
	resc, err := RescaledLimit(a)
	if err != nil {
		return nil, err
	}
	p, _ := SinglePoint(a)
	runs := []struct {
		name, set string
		m         Method
		limit     []float64
		x, y      []float64 // the level set
	}{
		{"SGD", "ℓ2 ball", Preconditioned{Frac: 0.25, Power: 0}, sgd, nil, nil},
		{"sign descent", "ℓ∞ box", SignDescent{LR: 0.6 / floats.Norm(a, 1), Schedule: Inv}, sgn, nil, nil},
		{"rescaled SGD", "ellipse Σaᵢ²θᵢ²", Preconditioned{Frac: 0.25, Power: 2}, resc, nil, nil},
	}
	const n = 120
	r2 := floats.Norm(sgd, 2)
	c := sgn[0] * sign(a[0])
	for k := range n + 1 {
		phi := 2 * math.Pi * float64(k) / n
		cs, sn := math.Cos(phi), math.Sin(phi)
		runs[0].x, runs[0].y = append(runs[0].x, r2*cs), append(runs[0].y, r2*sn)
		// The ellipse a₁²x² + a₂²y² = 1/2 (the value at 1/(2a)).
		runs[2].x = append(runs[2].x, cs/math.Sqrt2/math.Abs(a[0]))
		runs[2].y = append(runs[2].y, sn/math.Sqrt2/math.Abs(a[1]))
	}
	runs[1].x = []float64{c, -c, -c, c, c}
	runs[1].y = []float64{c, c, -c, -c, c}

	f := figure.New("The three limits on the line aᵀθ = 1, a = "+table.Vec(a), "θ₁", "θ₂")
	f.EqualAspect, f.Width, f.Height = true, 480, 260
	var xs, ys []float64
	for i, r := range runs {
		tr, err := Run(p, r.m, Settings{Iters: 12})
		if err != nil {
			return nil, err
		}
		var tx, ty []float64
		for _, th := range tr.Theta {
			tx, ty = append(tx, th[0]), append(ty, th[1])
		}
		f.Add(r.name, tx, ty, figure.LinePoints)
		f.Series[len(f.Series)-1].Color = i + 1
		f.Add(r.set, r.x, r.y, []figure.Style{figure.Dashed, figure.Dotted, figure.DashDot}[i])
		f.Series[len(f.Series)-1].Color = i + 1
		f.Series[len(f.Series)-2].Marker = i + 1 // the trajectories' markers differ too
		xs, ys = append(append(xs, r.x...), tx...), append(append(ys, r.y...), ty...)
	}
	lo, hi := floats.Min(xs), floats.Max(xs)
	ylo, yhi := floats.Min(ys), floats.Max(ys)
	pad := 0.1 * math.Max(hi-lo, yhi-ylo)
	f.XRange = figure.Range{Min: lo - pad, Max: hi + pad}
	f.YRange = figure.Range{Min: ylo - pad, Max: yhi + pad}
	// The line aᵀθ = 1 through the window: from the SGD limit along ±a⊥.
	perp := []float64{-a[1], a[0]}
	floats.Scale(1/floats.Norm(perp, 2), perp)
	span := 4 * math.Max(hi-lo, yhi-ylo)
	f.Add("aᵀθ = 1", []float64{sgd[0] - span*perp[0], sgd[0] + span*perp[0]},
		[]float64{sgd[1] - span*perp[1], sgd[1] + span*perp[1]}, figure.Line)
	f.Series[len(f.Series)-1].Color = 7
	return f, nil
}
