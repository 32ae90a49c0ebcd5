package comm

import (
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// The worker counts TimeVsN sweeps: every n from SweepMinN to SweepMaxN.
const (
	SweepMinN = 2
	SweepMaxN = 1024
)

// The parameter counts TimeVsP sweeps: SweepPerDecade points per decade from
// 10^SweepMinExp to 10^SweepMaxExp elements.
const (
	SweepMinExp    = 0
	SweepMaxExp    = 10
	SweepPerDecade = 4
)

// TimeVsN returns the α-β time of one all-reduce, in seconds, against the
// number of workers n = SweepMinN … SweepMaxN (every integer) on log-log
// axes: one series per algorithm in algs (all of them when empty) and the
// lower bound, dashed. P, BytesPerElem, α and β come from c; c.N is ignored.
// A small P shows the latency-bound regime (rounds matter), a large P the
// bandwidth-bound one (elements per port matter).
//
// It returns an error if c with N = SweepMaxN is invalid or an algorithm is
// unknown.
func TimeVsN(c Cluster, algs ...Algorithm) (*figure.Figure, error) {
	c.N = SweepMaxN
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ns := make([]int, 0, SweepMaxN-SweepMinN+1)
	for n := SweepMinN; n <= SweepMaxN; n++ {
		ns = append(ns, n)
	}
	f := figure.New(fmt.Sprintf("Time vs workers: p = %s × %d B, %s", table.Float(float64(c.P)), c.ElemBytes(), network(c)),
		"workers n", "time per all-reduce (s)")
	err := sweep(f, c, ns, func(c Cluster, n int) Cluster { c.N = n; return c }, algs)
	return f, err
}

// TimeVsP returns the α-β time of one all-reduce, in seconds, against the
// number of parameters p = 10^SweepMinExp … 10^SweepMaxExp elements
// (SweepPerDecade points per decade) on log-log axes: one series per
// algorithm in algs (all of them when empty) and the lower bound, dashed. N,
// BytesPerElem, α and β come from c; c.P is ignored. The curves bend where
// the bandwidth term overtakes the latency term.
//
// It returns an error if c with P = 10^SweepMaxExp is invalid, N < 2 (one
// worker sends nothing, so every time is 0) or an algorithm is unknown.
func TimeVsP(c Cluster, algs ...Algorithm) (*figure.Figure, error) {
	c.P = int(math.Pow(10, SweepMaxExp))
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.N < 2 {
		return nil, fmt.Errorf("comm: N = %d: time vs p needs at least 2 workers", c.N)
	}
	var ps []int
	for k := SweepMinExp * SweepPerDecade; k <= SweepMaxExp*SweepPerDecade; k++ {
		p := int(math.Round(math.Pow(10, float64(k)/SweepPerDecade)))
		if len(ps) == 0 || p > ps[len(ps)-1] {
			ps = append(ps, p)
		}
	}
	f := figure.New(fmt.Sprintf("Time vs parameters: n = %d, %d B per element, %s", c.N, c.ElemBytes(), network(c)),
		"parameters p (elements)", "time per all-reduce (s)")
	err := sweep(f, c, ps, func(c Cluster, p int) Cluster { c.P = p; return c }, algs)
	return f, err
}

// network prints c's latency and port bandwidth for a figure title, e.g.
// "α = 5 µs, 100 Gb/s".
func network(c Cluster) string {
	return fmt.Sprintf("α = %s µs, %s Gb/s", table.Float(c.Alpha*1e6), table.Float(8/(c.Beta*1e9)))
}

// sweep adds to f one series per algorithm and the lower bound, at the
// clusters set(c, x) for x in xs.
func sweep(f *figure.Figure, c Cluster, xs []int, set func(Cluster, int) Cluster, algs []Algorithm) error {
	f.LogX, f.LogY = true, true
	if len(algs) == 0 {
		algs = Algorithms()
	}
	x := make([]float64, len(xs))
	for i, v := range xs {
		x[i] = float64(v)
	}
	for _, a := range algs {
		y := make([]float64, len(xs))
		for i, v := range xs {
			k, err := a.Costs(set(c, v))
			if err != nil {
				return err
			}
			y[i] = k.Time
		}
		f.Add(a.Name(), x, y, figure.Line)
		f.Series[len(f.Series)-1].Color = colorOf(a)
	}
	y := make([]float64, len(xs))
	for i, v := range xs {
		b, err := LowerBound(set(c, v))
		if err != nil {
			return err
		}
		y[i] = b.Time
	}
	f.Add("lower bound", x, y, figure.Dashed)
	f.Series[len(f.Series)-1].Color = boundColor
	return nil
}

// colorOf is a's palette colour (figure.Series.Color), the same in every
// figure whichever algorithms it shows; boundColor is the lower bound's.
func colorOf(a Algorithm) int {
	switch a {
	case AllToAll:
		return 1
	case ParameterServer:
		return 2
	case Ring:
		return 3
	case Tree:
		return 4
	case HalvingDoubling:
		return 5
	}
	return 7 // ShardedPS
}

const boundColor = 6
