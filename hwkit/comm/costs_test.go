package comm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
)

// TestTextbookFormulas checks the closed forms against the textbook
// formulas, written out independently, where n divides p (and is a power of
// two for halving-doubling).
func TestTextbookFormulas(t *testing.T) {
	for _, n := range []int{2, 3, 4, 7, 8, 16, 64, 1024} {
		for _, p := range []int{n, 12 * n, 1000 * n} {
			c := Cluster{N: n, P: p, BytesPerElem: 2, Alpha: 3e-6, Beta: Gbps(25)}
			N, P := int64(n), int64(p)
			lg := int64(math.Round(math.Log2(float64(n))))
			clg := int64(math.Ceil(math.Log2(float64(n))))
			type row struct {
				msgs, size, sent, node, link, steps int64
				time                                float64
			}
			ab := func(steps int64, elems float64) float64 {
				return float64(steps)*c.Alpha + elems*2*c.Beta
			}
			want := map[Algorithm]row{
				AllToAll:        {N * (N - 1), P, (N - 1) * P, (N - 1) * P, P, N - 1, float64(N-1) * (c.Alpha + float64(P)*2*c.Beta)},
				ParameterServer: {2 * N, P, P, N * P, P, 2 * N, float64(2*N) * (c.Alpha + float64(P)*2*c.Beta)},
				ShardedPS:       {2 * N * (N - 1), P / N, 2 * (N - 1) * P / N, 2 * (N - 1) * P / N, 2 * P / N, 2 * (N - 1), float64(2*(N-1)) * (c.Alpha + float64(P/N)*2*c.Beta)},
				Ring:            {2 * N * (N - 1), P / N, 2 * (N - 1) * P / N, 2 * (N - 1) * P / N, 2 * (N - 1) * P / N, 2 * (N - 1), float64(2*(N-1)) * (c.Alpha + float64(P/N)*2*c.Beta)},
				Tree:            {2 * (N - 1), P, clg * P, clg * P, P, 2 * clg, float64(2*clg) * (c.Alpha + float64(P)*2*c.Beta)},
			}
			if n&(n-1) == 0 {
				want[HalvingDoubling] = row{2 * N * lg, P / N, 2 * (N - 1) * P / N, 2 * (N - 1) * P / N, P, 2 * lg, ab(2*lg, 2*float64(N-1)/float64(N)*float64(P))}
			}
			for a, w := range want {
				k, err := a.Costs(c)
				if err != nil {
					t.Fatal(err)
				}
				got := row{k.Messages, k.MinSize, k.MaxSent, k.NodeLoad, k.LinkLoad, int64(k.Steps), k.Time}
				if a == HalvingDoubling {
					got.size = k.MinSize // sizes p/2 … p/n
					if k.MaxSize != P/2 {
						t.Errorf("%s n=%d p=%d: largest message %d, want %d", a, n, p, k.MaxSize, P/2)
					}
				} else if k.MinSize != k.MaxSize {
					t.Errorf("%s n=%d p=%d: sizes %d–%d", a, n, p, k.MinSize, k.MaxSize)
				}
				timeOK := math.Abs(got.time-w.time) <= 1e-12*w.time
				got.time, w.time = 0, 0
				if got != w || !timeOK {
					t.Errorf("%s n=%d p=%d: got %+v (T %g), want %+v", a, n, p, got, k.Time, w)
				}
				if k.MaxRecv != k.MaxSent || k.Elements != k.Messages*k.MinSize && a != HalvingDoubling {
					t.Errorf("%s n=%d p=%d: recv %d, elements %d", a, n, p, k.MaxRecv, k.Elements)
				}
			}
		}
	}
}

// TestLowerBound checks every algorithm against the lower bound and the
// bound's own formula.
func TestLowerBound(t *testing.T) {
	for n := 1; n <= 300; n += 1 + n/16 {
		for _, p := range []int{1, 7, n, 1000, 12345} {
			c := Cluster{N: n, P: p, Alpha: 1e-5, Beta: Gbps(10)}
			b, err := LowerBound(c)
			if err != nil {
				t.Fatal(err)
			}
			if want := 2 * float64(n-1) / float64(n) * float64(p); b.Elements != want {
				t.Errorf("n=%d p=%d: bound %g elements, want %g", n, p, b.Elements, want)
			}
			for _, a := range Algorithms() {
				k, _ := a.Costs(c)
				if k.Steps < b.Steps || float64(k.Critical) < b.Elements || k.Time < b.Time*(1-1e-12) {
					t.Errorf("%s n=%d p=%d: %v beats the bound %+v", a, n, p, k, b)
				}
				if a != ParameterServer && float64(k.MaxSent) < b.Elements {
					t.Errorf("%s n=%d p=%d: a worker sends %d < %g", a, n, p, k.MaxSent, b.Elements)
				}
			}
		}
	}
}

func TestTables(t *testing.T) {
	c := Cluster{N: 8, P: 96, Alpha: 1e-6, Beta: Gbps(10)}
	ct := CostTable(c)
	if len(ct.Rows) != len(Algorithms())+1 || ct.Rows[len(ct.Rows)-1][0] != "lower bound" {
		t.Errorf("CostTable rows: %v", ct.Rows)
	}
	if !strings.Contains(ct.String(), "parameter server") || !strings.Contains(ct.Note, "α = 1e-06 s") {
		t.Errorf("CostTable:\n%s", ct)
	}
	if tb := CostTable(c, Algorithm(42)); len(tb.Rows) != 0 || !strings.Contains(tb.Note, "comm: unknown algorithm 42") {
		t.Errorf("bad algorithm table: %s", tb)
	}
	ft, tt := FormulaTable(), FormulaTimeTable()
	if len(ft.Rows) != len(Algorithms())+1 || len(tt.Rows) != len(Algorithms())+1 {
		t.Errorf("FormulaTable rows: %d, FormulaTimeTable rows: %d", len(ft.Rows), len(tt.Rows))
	}
	for _, a := range Algorithms() {
		if f := a.Formulas(); f.Messages == "" || f.Time == "" || f.Busiest == "" || f.Critical == "" {
			t.Errorf("%s: missing formulas %+v", a, f)
		}
	}
	if tb := HomeworkTable(4, 10); len(tb.Rows) != 0 || !strings.HasPrefix(tb.Note, "✗ comm: ") {
		t.Errorf("HomeworkTable(4, 10): %s", tb)
	}

	// MeasuredTable marks a mismatch with ✗ and the closed form.
	r := run(c, Ring, randGrads(8, 96, 1))
	r.Measured.Messages++
	r.Measured.Time *= 2
	mt := MeasuredTable(r)
	col := func(i int) string { return mt.Rows[i][1] }
	if len(mt.Rows) != 10 || mt.Header[1] != "ring all-reduce" || col(0) != "113 ✗ (112)" || !strings.Contains(col(7), "✗") ||
		col(1) != "12 ✓" || col(6) != "168 ✓" || col(8) != "—" || col(9) != "yes" {
		t.Errorf("MeasuredTable:\n%s", mt)
	}
}

// TestMeasuredTableIdentical: the last row reads "yes" or "no (last bits
// differ)", not a check mark. All-to-all on 2 or 3 workers adds each element
// once exactly and rounds once (Simulate's values are multiples of 2⁻⁵² in
// [−1, 1), so any two add exactly), so its workers agree bit for bit; from 4
// workers on the orders differ and so do the last bits.
func TestMeasuredTableIdentical(t *testing.T) {
	for _, tc := range []struct {
		n    int
		a    Algorithm
		want string
	}{
		{2, AllToAll, "yes"}, {3, AllToAll, "yes"}, {4, AllToAll, "no (last bits differ)"},
		{8, AllToAll, "no (last bits differ)"}, {8, Ring, "yes"}, {8, Tree, "yes"},
	} {
		r, err := Simulate(testCluster(tc.n, 1200), tc.a, rand.New(rand.NewPCG(1, 0)))
		if err != nil {
			t.Fatal(err)
		}
		mt := MeasuredTable(r)
		if got := mt.Rows[len(mt.Rows)-1]; got[0] != "workers identical" || got[1] != tc.want || r.Identical() != (tc.want == "yes") {
			t.Errorf("%s n=%d: %q (Identical %v), want %q", tc.a, tc.n, got, r.Identical(), tc.want)
		}
		if !strings.Contains(mt.String(), table.Cell(true)) || strings.Contains(mt.String(), table.Cell(false)) {
			t.Errorf("%s n=%d: a ✗ in\n%s", tc.a, tc.n, mt)
		}
	}
}

// TestTablesFitPage: the tables the notebook shows stay within 100
// characters of plain text at its sizes (three simulations side by side).
func TestTablesFitPage(t *testing.T) {
	c := Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}
	sims := func(algs ...Algorithm) []*SimResult {
		var rs []*SimResult
		for _, a := range algs {
			r, err := Simulate(c, a, rand.New(rand.NewPCG(1, 0)))
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	hw, more := sims(Homework()...), sims(ShardedPS, Tree, HalvingDoubling)
	var nets [][]Cluster
	for _, beta := range []float64{Gbps(100), BytesPerSec(450e9)} {
		var cs []Cluster
		for _, n := range []int{8, 64} {
			cs = append(cs, Cluster{N: n, P: 100_000_000, Alpha: 5e-6, Beta: beta})
		}
		nets = append(nets, cs)
	}
	t1, _ := TimeTable(nets[0])
	t2, _ := TimeTable(nets[1])
	for _, tb := range []*table.Table{
		HomeworkTable(8, 120_000), TimeSplitTable(c, Homework()...), FormulaTable(), FormulaTimeTable(),
		MeasuredTable(hw...), TrafficTable(hw...), MeasuredTable(more...), TrafficTable(more...), t1, t2,
	} {
		for _, line := range strings.Split(tb.String(), "\n") {
			if line == tb.Title || line == tb.Note {
				continue
			}
			if w := len([]rune(line)); w > 100 {
				t.Errorf("%q: line of %d characters:\n%s", tb.Title, w, line)
			}
		}
	}
}

func TestNames(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range Algorithms() {
		if !a.Valid() || a.String() != a.Name() || seen[a.Name()] || strings.HasPrefix(a.Name(), "Algorithm(") {
			t.Errorf("algorithm %d: name %q", int(a), a.Name())
		}
		seen[a.Name()] = true
	}
	if Algorithm(0).Valid() || Algorithm(0).Name() != "Algorithm(0)" {
		t.Errorf("zero algorithm: %q", Algorithm(0).Name())
	}
	if got := Homework(); len(got) != 3 || got[0] != AllToAll || got[1] != ParameterServer || got[2] != Ring {
		t.Errorf("Homework() = %v", got)
	}
}

func TestClusterHelpers(t *testing.T) {
	if b := Gbps(100); math.Abs(b-8e-11) > 1e-24 {
		t.Errorf("Gbps(100) = %g", b)
	}
	if b := BytesPerSec(2e9); b != 5e-10 {
		t.Errorf("BytesPerSec(2e9) = %g", b)
	}
	c := Cluster{N: 4, P: 10, Alpha: 0, Beta: 1}
	if err := c.Validate(); err != nil {
		t.Errorf("α = 0 rejected: %v", err)
	}
	if c.ElemBytes() != 4 {
		t.Errorf("default element size %d", c.ElemBytes())
	}
	// chunks of 10 in 4: 3, 3, 2, 2
	var lens []int
	for i := range 4 {
		lo, hi := c.Chunk(i)
		lens = append(lens, hi-lo)
		if i == 0 && lo != 0 || i == 3 && hi != 10 {
			t.Errorf("chunk %d = [%d, %d)", i, lo, hi)
		}
	}
	if lens[0] != 3 || lens[1] != 3 || lens[2] != 2 || lens[3] != 2 {
		t.Errorf("chunk lengths %v", lens)
	}
	if !strings.Contains(c.String(), "n = 4 workers") {
		t.Errorf("String: %s", c)
	}
}

func TestFigures(t *testing.T) {
	c := Cluster{P: 1_000_000, Alpha: 5e-6, Beta: Gbps(100)}
	f, err := TimeVsN(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(f.Series) != len(Algorithms())+1 || !f.LogX || !f.LogY {
		t.Fatalf("TimeVsN: %s", f)
	}
	for _, s := range f.Series {
		if len(s.X) != SweepMaxN-SweepMinN+1 || s.X[0] != SweepMinN || s.X[len(s.X)-1] != SweepMaxN {
			t.Errorf("%s: x from %g to %g, %d points", s.Name, s.X[0], s.X[len(s.X)-1], len(s.X))
		}
	}
	// Each algorithm keeps its colour whichever others are plotted.
	colors := map[int]bool{}
	for _, s := range f.Series {
		if s.Color < 1 || colors[s.Color] {
			t.Errorf("%s: colour %d repeated or unset", s.Name, s.Color)
		}
		colors[s.Color] = true
	}
	if few, _ := TimeVsN(c, Ring, Tree); few.Series[0].Color != f.Series[3].Color || few.Series[2].Color != f.Series[6].Color {
		t.Errorf("ring or bound changed colour: %d, %d", few.Series[0].Color, few.Series[2].Color)
	}
	// spot check: ring at n = 8 is 14(α + 125000·4·β)
	ring := f.Series[3]
	if want := 14 * (5e-6 + 125000*4*Gbps(100)); math.Abs(ring.Y[6]-want) > 1e-12*want {
		t.Errorf("ring at n = 8: %g, want %g", ring.Y[6], want)
	}
	g, err := TimeVsP(Cluster{N: 16, Alpha: 5e-6, Beta: Gbps(100)}, Ring, Tree)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil || len(g.Series) != 3 || g.Series[0].X[0] != 1 || g.Series[0].X[len(g.Series[0].X)-1] != 1e10 {
		t.Errorf("TimeVsP: %v %s", err, g)
	}
	if _, err := TimeVsP(Cluster{N: 1, Alpha: 1, Beta: 1}); err == nil {
		t.Errorf("TimeVsP accepted N = 1")
	}
	if _, err := TimeVsN(c, Algorithm(9)); err == nil {
		t.Errorf("TimeVsN accepted an unknown algorithm")
	}
}
