package comm

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// TestTextbookFormulas checks the closed forms against the textbook
// formulas, written out independently, where n divides p (and is a power of
// two for recursive doubling and halving-doubling; recursive doubling's
// fold is written out for the other n).
func TestTextbookFormulas(t *testing.T) {
	for _, n := range []int{2, 3, 4, 5, 7, 8, 16, 64, 1024} {
		for _, p := range []int{n, 12 * n, 1000 * n} {
			c := Cluster{N: n, P: p, BytesPerElem: 2, Alpha: 3e-6, Beta: Gbps(25)}
			N, P := int64(n), int64(p)
			lg := int64(math.Round(math.Log2(float64(n))))
			flg := int64(math.Floor(math.Log2(float64(n))))
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
				want[RecursiveDoubling] = row{N * lg, P, lg * P, lg * P, P, lg, ab(lg, float64(lg*P))}
			} else {
				r := N - 1<<flg // the folded ranks
				want[RecursiveDoubling] = row{2*r + (N-r)*flg, P, (flg + 1) * P, (flg + 1) * P, P, flg + 2, ab(flg+2, float64((flg+2)*P))}
			}
			for a, w := range want {
				k, err := a.Costs(c)
				if err != nil {
					t.Fatal(err)
				}
				got := row{k.Messages, k.MinSize, k.MaxSent, k.NodeLoad, k.LinkLoad, int64(k.Steps), k.Time}
				if a == HalvingDoubling {
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

// TestLowerBound checks every algorithm against the lower bound, and the
// bound's elements against 2(n−1)p/n rounded once from the exact rational.
func TestLowerBound(t *testing.T) {
	for n := 1; n <= 300; n += 1 + n/16 {
		for _, p := range []int{1, 7, n, 1000, 12345} {
			c := Cluster{N: n, P: p, Alpha: 1e-5, Beta: Gbps(10)}
			b, err := LowerBound(c)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := big.NewRat(int64(2*(n-1)*p), int64(n)).Float64(); b.Elements != want {
				t.Errorf("n=%d p=%d: bound %v elements, want %v", n, p, b.Elements, want)
			}
			if b.Steps != int(math.Ceil(math.Log2(float64(n)))) {
				t.Errorf("n=%d: %d steps", n, b.Steps)
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
	if !strings.Contains(ct.String(), "recursive doubling") || !strings.Contains(ct.Note, "α = 1e-06 s") {
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

	// MeasuredTable shows the counts; CheckTable marks a mismatch with ✗
	// and the closed form.
	r := run(c, Ring, randGrads(8, 96, 1))
	if mt := MeasuredTable(r); len(mt.Rows) != 1 || strings.Join(mt.Rows[0][:6], " ") != "ring\u00a0all-reduce 112 12 168 168 14" { // a no-break space: the name stays on one line
		t.Errorf("MeasuredTable:\n%s", mt)
	}
	if ts := MeasuredTables(false, r); len(ts) != 1 {
		t.Errorf("MeasuredTables without detail: %d tables", len(ts))
	}
	if ts := MeasuredTables(true, r); len(ts) != 3 || ts[1].Title != CheckTable(r).Title || ts[2].Title != TrafficTable(r).Title {
		t.Errorf("MeasuredTables with detail: %d tables", len(ts))
	}
	// The later tables' note refers to the first instead of repeating it.
	first, more := MeasuredTables(false, r)[0], MoreMeasuredTables(true, r)
	if len(more) != 3 || !strings.Contains(first.Note, "rounding bound 2θn") || strings.Contains(more[0].Note, "θ") ||
		!strings.Contains(more[0].Note, "as in the first simulation table") || more[0].Note == first.Note ||
		!slices.Equal(more[0].Rows[0], first.Rows[0]) {
		t.Errorf("MoreMeasuredTables: %d tables, note %q (first: %q)", len(more), more[0].Note, first.Note)
	}
	r.Measured.Messages++
	r.Measured.Time *= 2
	ck := CheckTable(r)
	col := func(i int) string { return ck.Rows[i][1] }
	if len(ck.Rows) != 13 || ck.Header[1] != "ring all-reduce" || col(0) != "113 ✗ (112)" || !strings.Contains(col(9), "✗") ||
		col(1) != "12 ✓" || col(8) != "168 ✓" || col(10) != "—" || col(12) != "yes" {
		t.Errorf("CheckTable:\n%s", ck)
	}
}

// TestCheckTableIdentical: the last row reads "yes" or "no (last bits
// differ)", not a check mark. All-to-all on 2 or 3 workers adds each element
// once exactly and rounds once (Simulate's values are multiples of 2⁻⁵² in
// [−1, 1), so any two add exactly), so its workers agree bit for bit; from 4
// workers on the orders differ and so do the last bits.
func TestCheckTableIdentical(t *testing.T) {
	for _, tc := range []struct {
		n    int
		a    Algorithm
		want string
	}{
		{2, AllToAll, "yes"}, {3, AllToAll, "yes"}, {4, AllToAll, "no (last bits differ)"},
		{8, AllToAll, "no (last bits differ)"}, {8, Ring, "yes"}, {8, Tree, "yes"},
		{8, RecursiveDoubling, "yes"}, {6, RecursiveDoubling, "yes"},
	} {
		r, err := Simulate(testCluster(tc.n, 1200), tc.a, rand.New(rand.NewPCG(1, 0)))
		if err != nil {
			t.Fatal(err)
		}
		ck := CheckTable(r)
		if got := ck.Rows[len(ck.Rows)-1]; got[0] != "workers identical" || got[1] != tc.want || r.Identical() != (tc.want == "yes") {
			t.Errorf("%s n=%d: %q (Identical %v), want %q", tc.a, tc.n, got, r.Identical(), tc.want)
		}
		if !strings.Contains(ck.String(), table.Cell(true)) || strings.Contains(ck.String(), table.Cell(false)) {
			t.Errorf("%s n=%d: a ✗ in\n%s", tc.a, tc.n, ck)
		}
	}
}

// TestTablesFitPage: the tables the notebook shows stay within 100
// characters of plain text at its sizes.
func TestTablesFitPage(t *testing.T) {
	c := Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}
	hw, err := Measure(c, rand.New(rand.NewPCG(1, 0)), Homework()...)
	if err != nil {
		t.Fatal(err)
	}
	more, err := Measure(c, rand.New(rand.NewPCG(1, 0)), Beyond()...)
	if err != nil {
		t.Fatal(err)
	}
	real, err := RealTable(8, Networks(), Models())
	if err != nil {
		t.Fatal(err)
	}
	ring, err := RingDiagram(4)
	if err != nil {
		t.Fatal(err)
	}
	bound, err := BoundTable(Cluster{P: 100_000_000, Alpha: 5e-6, Beta: Gbps(100)}, Ring, 8, 64, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range []*table.Table{
		HomeworkTable(8, 120_000), TimeSplitTable(c, Homework()...),
		MeasuredTable(hw...), MeasuredTable(more...), TrafficTable(hw...), CheckTable(hw...), real, ring, bound,
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
	seen, labels := map[string]bool{}, map[string]bool{}
	for _, a := range Algorithms() {
		s := a.scheme()
		if !a.Valid() || a.String() != a.Name() || seen[a.Name()] || strings.HasPrefix(a.Name(), "Algorithm(") {
			t.Errorf("algorithm %d: name %q", int(a), a.Name())
		}
		if l := s.label(); labels[l] || len([]rune(l)) > 14 || l == "" {
			t.Errorf("%s: legend label %q repeated, empty or longer than 14", a, l)
		}
		seen[a.Name()], labels[s.label()] = true, true
	}
	for _, bad := range []Algorithm{0, -1, HalvingDoubling + 1} {
		if bad.Valid() || bad.Name() != "Algorithm("+itoa(int64(bad))+")" || bad.Formulas() != (Formulas{}) {
			t.Errorf("Algorithm(%d): %q", int(bad), bad.Name())
		}
	}
	if got := Homework(); len(got) != 3 || got[0] != AllToAll || got[1] != ParameterServer || got[2] != Ring {
		t.Errorf("Homework() = %v", got)
	}
	if got := append(Homework(), Beyond()...); len(got) != len(Algorithms()) {
		t.Errorf("Homework and Beyond: %v, want every algorithm once", got)
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
		lo, hi, err := c.Chunk(i)
		if err != nil {
			t.Fatal(err)
		}
		lens = append(lens, hi-lo)
		if i == 0 && lo != 0 || i == 3 && hi != 10 {
			t.Errorf("chunk %d = [%d, %d)", i, lo, hi)
		}
	}
	if lens[0] != 3 || lens[1] != 3 || lens[2] != 2 || lens[3] != 2 {
		t.Errorf("chunk lengths %v", lens)
	}
	for _, i := range []int{-1, 4, 100} {
		if _, _, err := c.Chunk(i); err == nil || !strings.HasPrefix(err.Error(), "comm: chunk") {
			t.Errorf("Chunk(%d): err = %v", i, err)
		}
	}
	if _, _, err := (Cluster{}).Chunk(0); err == nil {
		t.Errorf("Chunk on the zero cluster: no error")
	}
	if !strings.Contains(c.String(), "n = 4 workers") {
		t.Errorf("String: %s", c)
	}
	if s := (Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}).String(); s != "n = 8 workers, p = 120000 elements of b = 4 B, α = 5 µs, β = 1/(12.5 GB/s) = 0.08 ns/B" {
		t.Errorf("String: %s", s)
	}
	// Exact overflow check at the edge: N²·P·b just below and at 2⁶².
	if err := (Cluster{N: 1 << 11, P: 1<<40 - 1, BytesPerElem: 1, Beta: 1e-30}).Validate(); err != nil {
		t.Errorf("N²·P·b = 2⁶² − 2²² rejected: %v", err)
	}
	if err := (Cluster{N: 1 << 11, P: 1 << 40, BytesPerElem: 1, Beta: 1e-30}).Validate(); err == nil {
		t.Errorf("N²·P·b = 2⁶² accepted")
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
	// Told apart without colour: no two series share a line style and
	// marker; the algorithms of a comb (and the sharded PS, on the ring's
	// line) are markers at powers of two, hollow; the bound is a floor.
	looks := map[[2]int]string{}
	for i, s := range f.Series {
		want := SweepMaxN - SweepMinN + 1
		if i < len(Algorithms()) && Algorithms()[i].scheme().powersOfTwo() && s.Style != figure.Points {
			t.Errorf("%s: style %d, want markers (figure.Points)", s.Name, s.Style)
		}
		if s.Style == figure.Points {
			want = 10 // 2, 4, …, 1024
			if s.Marker < 1 {
				t.Errorf("%s: markers without a fixed shape", s.Name)
			}
		}
		if i == len(f.Series)-1 && s.Style != figure.Floor {
			t.Errorf("the bound's style %d, want a floor (a thin line above a shade)", s.Style)
		}
		if s.Hollow != (s.Style == figure.Points) {
			t.Errorf("%s: style %d, hollow %v: markers-only series are hollow, the rest not", s.Name, s.Style, s.Hollow)
		}
		if prev, ok := looks[[2]int{int(s.Style), s.Marker}]; ok {
			t.Errorf("%s drawn like %s: style %d, marker %d", s.Name, prev, s.Style, s.Marker)
		}
		looks[[2]int{int(s.Style), s.Marker}] = s.Name
		if len(s.X) != want || s.X[0] != SweepMinN || s.X[len(s.X)-1] != SweepMaxN {
			t.Errorf("%s: x from %g to %g, %d points, style %d", s.Name, s.X[0], s.X[len(s.X)-1], len(s.X), s.Style)
		}
		for _, y := range s.Y {
			if !(y >= f.YRange.Min && y <= f.YRange.Max) {
				t.Errorf("%s: y = %g outside %v", s.Name, y, f.YRange)
			}
		}
	}
	// y range: whole decades, at least one.
	lo, hi := math.Log10(f.YRange.Min), math.Log10(f.YRange.Max)
	if math.Abs(lo-math.Round(lo)) > 1e-12 || math.Abs(hi-math.Round(hi)) > 1e-12 || hi-lo < 1-1e-12 {
		t.Errorf("y range %v", f.YRange)
	}
	// Each algorithm keeps its colour whichever others are plotted; only
	// the sharded parameter server shares one (the ring's: its curves are
	// the ring's).
	colors := map[int]string{}
	for _, s := range f.Series {
		if prev, ok := colors[s.Color]; s.Color < 1 || ok && !(prev == "ring" && s.Name == "sharded PS" || prev == "sharded PS" && s.Name == "ring") {
			t.Errorf("%s: colour %d repeated (%s) or unset", s.Name, s.Color, prev)
		}
		colors[s.Color] = s.Name
	}
	if few, _ := TimeVsN(c, Ring, Tree); few.Series[0].Color != f.Series[3].Color || few.Series[2].Color != f.Series[len(f.Series)-1].Color ||
		few.Series[1].Style != f.Series[4].Style || few.Series[2].Style != f.Series[len(f.Series)-1].Style {
		t.Errorf("ring, tree or bound changed colour or style: %+v", few.Series)
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
	// A large n stops the p sweep where the counts would overflow.
	big, err := TimeVsP(Cluster{N: MaxWorkers, Alpha: 5e-6, Beta: Gbps(100)}, Ring)
	if err != nil || big.Series[0].X[len(big.Series[0].X)-1] >= 1e10 {
		t.Errorf("TimeVsP at N = %d: %v %s", MaxWorkers, err, big)
	}
	if _, err := TimeVsP(Cluster{N: 1, Alpha: 1, Beta: 1}); err == nil {
		t.Errorf("TimeVsP accepted N = 1")
	}
	if _, err := TimeVsN(c, Algorithm(9)); err == nil {
		t.Errorf("TimeVsN accepted an unknown algorithm")
	}
}

func TestCostsSize(t *testing.T) {
	for _, tc := range []struct {
		a    Algorithm
		n, p int
		want int64
	}{
		{AllToAll, 4, 12, 12},
		{Ring, 4, 12, 3},
		{Ring, 4, 13, -1}, // chunks of 4 and 3
		{HalvingDoubling, 4, 12, -1},
		{RecursiveDoubling, 6, 12, 12},
		{Ring, 1, 12, 0}, // nothing sent
	} {
		k, err := tc.a.Costs(testCluster(tc.n, tc.p))
		if err != nil {
			t.Fatal(err)
		}
		if got := k.Size(); got != tc.want {
			t.Errorf("%s n=%d p=%d: Size() = %d, want %d", tc.a, tc.n, tc.p, got, tc.want)
		}
	}
}

// TestTimeSplitTable: latency + bandwidth = T on every row, the bound last,
// and the larger term named.
func TestTimeSplitTable(t *testing.T) {
	c := Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}
	tb := TimeSplitTable(c, Homework()...)
	if len(tb.Rows) != 4 || tb.Rows[3][0] != "lower\u00a0bound" || tb.Rows[2][0] != "ring\u00a0all-reduce" {
		t.Fatalf("rows:\n%s", tb)
	}
	k, _ := Ring.Costs(c)
	// ring: 14 rounds of α = 0.07 ms, 210000 elements · 3.2e-10 s = 0.0672 ms
	if r := tb.Rows[2]; r[1] != "14" || r[2] != "0.07" || r[3] != "210000" || r[4] != "0.0672" || r[5] != fmtFloat(k.Time*1e3) || r[6] != "latency" {
		t.Errorf("ring row %q", r)
	}
	if r := tb.Rows[0]; r[6] != "bandwidth" {
		t.Errorf("all-to-all row %q", r)
	}
	if r := tb.Rows[3]; r[1] != "3" || r[3] != "210000" {
		t.Errorf("bound row %q", r)
	}
	// α·rounds = critical·bβ exactly: "equal"; one worker: "—".
	eq := Cluster{N: 2, P: 2, BytesPerElem: 1, Alpha: 1, Beta: 1} // ring: 2 rounds of α, 2 elements of 1 s
	if r := TimeSplitTable(eq, Ring).Rows[0]; r[6] != "equal" {
		t.Errorf("balanced ring row %q", r)
	}
	if r := TimeSplitTable(testCluster(1, 5), Ring).Rows[0]; r[6] != "—" {
		t.Errorf("one-worker row %q", r)
	}
	if bad := TimeSplitTable(Cluster{N: 8, P: 10, Alpha: -1, Beta: 1}); len(bad.Rows) != 0 || !strings.HasPrefix(bad.Note, "✗ comm: ") {
		t.Errorf("bad cluster: %s", bad)
	}
}

func itoa(x int64) string { return table.Cell(x) }

func fmtFloat(x float64) string { return table.Float(x) }

// The figures' Note names the curves within 5 % of each other over a
// stretch of x, from the closed forms written out here: at p = 10⁸ the
// ring and halving-doubling, both 2(n−1)/n·p·bβ plus their rounds, part
// where the ring's 2(n−1) rounds reach 5 % of the time.
func TestFigureNotes(t *testing.T) {
	c := Cluster{P: 100_000_000, BytesPerElem: 4, Alpha: 5e-6, Beta: Gbps(100)}
	f, err := TimeVsN(c, AllToAll, ParameterServer, Ring, Tree, HalvingDoubling)
	if err != nil {
		t.Fatal(err)
	}
	bb := 4 * Gbps(100)
	upTo := 1 // the largest power of two up to which every one is within 5 %
	for n := 2; n <= SweepMaxN; n *= 2 {
		k := math.Log2(float64(n))
		ring := 2 * float64(n-1) * (5e-6 + 1e8/float64(n)*bb)
		hd := 2*k*5e-6 + 2*float64(n-1)/float64(n)*1e8*bb
		if ring-hd <= 0.05*ring && upTo == n/2 {
			upTo = n
		}
	}
	if upTo < 64 || upTo == SweepMaxN {
		t.Fatalf("test set-up: ring within 5 %% of halving-doubling up to n = %d", upTo)
	}
	want := fmt.Sprintf("ring and halv.-doubling for powers of two n ≤ %d;", upTo)
	if !strings.HasPrefix(f.Note, "Within 5 % of each other: ") || !strings.Contains(f.Note, want) ||
		!strings.Contains(f.Note, "halv.-doubling and lower bound at every power of two n.") {
		t.Errorf("note %q, want it to say %q and that halving-doubling meets the bound", f.Note, want)
	}
	if strings.Contains(f.Note, "all-to-all") || strings.Contains(f.Note, "param. server") {
		t.Errorf("note %q names curves that only cross or meet at n = 2", f.Note)
	}
	if !strings.Contains(f.String(), "note: "+f.Note) || f.Height <= figureHeight {
		t.Errorf("the note is not in the figure's text, or has no room: height %v", f.Height)
	}
	// Recursive doubling meets the bound at powers of two only: at n = 6
	// it takes 4 rounds against the bound's 3, so the note must not say
	// "at every n".
	sm, err := TimeVsN(Cluster{P: 1000, BytesPerElem: 4, Alpha: 5e-6, Beta: Gbps(100)}, Ring, RecursiveDoubling)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sm.Note, "rec. doubling and lower bound at every power of two n.") || strings.Contains(sm.Note, "every n") {
		t.Errorf("small-model note %q", sm.Note)
	}
	// Nothing coincides: no note, the usual height.
	g, err := TimeVsN(Cluster{P: 1000, Alpha: 5e-6, Beta: Gbps(100)}, AllToAll, ParameterServer)
	if err != nil {
		t.Fatal(err)
	}
	if g.Note != "" || g.Height != figureHeight {
		t.Errorf("all-to-all and PS at p = 1000: note %q, height %v", g.Note, g.Height)
	}
	// Against p the same two meet from the crossover on.
	h, err := TimeVsP(Cluster{N: 8, BytesPerElem: 4, Alpha: 5e-6, Beta: Gbps(100)}, Ring, HalvingDoubling)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Note, "ring and halv.-doubling for p ≥ ") {
		t.Errorf("time vs p note %q", h.Note)
	}
}

func TestSpan(t *testing.T) {
	xs := []float64{1, 2, 4, 8, 16, 32}
	for _, tc := range []struct {
		close []bool
		want  string
	}{
		{[]bool{true, true, true, true, true, true}, "at every n"},
		{[]bool{true, true, true, false, false, false}, "for n ≤ 4"},
		{[]bool{false, false, false, true, true, true}, "for n ≥ 8"},
		{[]bool{false, true, true, true, false, false}, "for 2 ≤ n ≤ 8"},
		{[]bool{false, false, true, true, false, false}, ""},       // a crossing: a factor 2 only
		{[]bool{true, true, false, true, true, true}, "for n ≥ 8"}, // the longer run
		{[]bool{false, false, false, false, false, false}, ""},
	} {
		if got := span("n", xs, tc.close, false); got != tc.want {
			t.Errorf("span(%v) = %q, want %q", tc.close, got, tc.want)
		}
	}
	// A pair compared at only some of the figure's xs says which.
	for _, tc := range []struct {
		xs    []float64
		close []bool
		want  string
	}{
		{xs, []bool{true, true, true, true, true, true}, "at every power of two n"},
		{xs, []bool{true, true, true, false, false, false}, "for powers of two n ≤ 4"},
		{xs, []bool{false, false, false, true, true, true}, "for powers of two n ≥ 8"},
		{xs, []bool{false, true, true, true, false, false}, "for powers of two 2 ≤ n ≤ 8"},
		{[]float64{1, 3, 9, 27}, []bool{true, true, true, true}, "at every n drawn for both"},
		{[]float64{1, 3, 9, 27}, []bool{true, true, true, false}, "for n ≤ 9 drawn for both"},
	} {
		if got := span("n", tc.xs, tc.close, true); got != tc.want {
			t.Errorf("span(%v, %v, sparse) = %q, want %q", tc.xs, tc.close, got, tc.want)
		}
	}
	if got := short(1778279); got != "1.8·10⁶" {
		t.Errorf("short(1778279) = %q", got)
	}
}
