package notebooks

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/comm"
	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

const q5 = "q5_distributed_communication.ipynb"

func init() {
	required[q5] = expectations{
		checks: []string{
			"simulated = closed forms   [3 algorithms × 10 counts and T, exactly",
			"your message table (n = 8, p = 120000) = all 6 entries",
			"ring vs all-to-all: condition agrees with times",
			"no algorithm beats the lower bound",
			"simulated = closed forms   [4 algorithms × 10 counts and T, exactly",
			"real links: closed forms = extrapolated simulations   [12 of 12 times",
		},
		tables:  6,
		figures: 3,
	}
}

// q5Params are the parameters the tests set and recompute answers from,
// with the test's own closed forms below (independent of hwkit).
type q5Params struct {
	n, p, b     int64   // workers, elements, bytes per element
	alpha, gbps float64 // latency (s), bandwidth (Gb/s)
}

// q5Defaults are the values of the committed parameters cell.
var q5Defaults = q5Params{n: 8, p: 120_000, b: 4, alpha: 5e-6, gbps: 100}

// bb is b·β, seconds per element: β = 8/(gbps·10⁹) seconds per byte.
func (x q5Params) bb() float64 { return float64(x.b) * 8 / (x.gbps * 1e9) }

// chunk is the ring's largest message, ⌈p/n⌉.
func (x q5Params) chunk() int64 { return (x.p + x.n - 1) / x.n }

// t is the α-β time of rounds rounds with elems elements on the critical
// path: rounds·α + elems·b·β.
func (x q5Params) t(rounds, elems int64) float64 {
	return float64(rounds)*x.alpha + float64(elems)*x.bb()
}

// The homework's three times: all-to-all n−1 rounds of p, the parameter
// server 2n rounds of p, the ring 2(n−1) rounds of ⌈p/n⌉.
func (x q5Params) a2a() float64  { return x.t(x.n-1, (x.n-1)*x.p) }
func (x q5Params) ps() float64   { return x.t(2*x.n, 2*x.n*x.p) }
func (x q5Params) ring() float64 { return x.t(2*(x.n-1), 2*(x.n-1)*x.chunk()) }

// g6 formats like the notebook's tables: 6 significant digits.
func g6(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// q5Statements returns the three generated statements for x, decided here:
// the fastest of the three, the ring step's regime, the ring against
// all-to-all.
func q5Statements(x q5Params) []string {
	a2a, ps, ring := x.a2a(), x.ps(), x.ring()
	fastest := "ring all-reduce"
	switch {
	case math.Abs(a2a-ring) <= 1e-9*math.Min(a2a, ring):
		fastest = "all-to-all = ring all-reduce"
	case a2a < ring:
		fastest = "all-to-all"
	}
	step := float64(x.chunk()) * x.bb()
	rel, regime := ">", "bandwidth-bound"
	if step < x.alpha {
		rel, regime = "<", "latency-bound"
	}
	stepLine := fmt.Sprintf("Ring step ⌈p/n⌉·bβ = %s %s α = %s: %s", comm.Seconds(step), rel, comm.Seconds(x.alpha), regime)
	if x.p%x.n == 0 {
		stepLine += fmt.Sprintf(", p %s nα/(bβ) = %.0f", rel, float64(x.n)*x.alpha/x.bb())
	}
	margin := float64(x.p-2*x.chunk()) * x.bb()
	verdict, vrel := "faster than", "<"
	if x.alpha > margin {
		verdict, vrel = "slower than", ">"
	}
	return []string{
		fmt.Sprintf("Fastest of the three: %s (all-to-all %s, PS %s, ring %s).", fastest, comm.Seconds(a2a), comm.Seconds(ps), comm.Seconds(ring)),
		stepLine + ".",
		fmt.Sprintf("Ring %s all-to-all: α = %s %s (p − 2⌈p/n⌉)·bβ = %s.", verdict, comm.Seconds(x.alpha), vrel, comm.Seconds(margin)),
	}
}

// q5Row matches one row of a plain-text table: the name, then the values,
// separated by runs of spaces; a space in the name also matches the
// no-break space that comm puts in table names.
func q5Row(name string, values ...any) *regexp.Regexp {
	var parts []string
	for _, v := range values {
		parts = append(parts, regexp.QuoteMeta(fmt.Sprint(v)))
	}
	return regexp.MustCompile(`(?m)^` + strings.ReplaceAll(regexp.QuoteMeta(name), " ", "[ \u00a0]") + `\s+` + strings.Join(parts, `\s+`) + `\s*$`)
}

// q5Homework returns the lines of the homework's answer for x (n | p): the
// boxed answer's text and the measured table's rows.
func q5Homework(x q5Params) (lines []string, rows []*regexp.Regexp) {
	n, p := x.n, x.p
	lines = []string{
		fmt.Sprintf("all-to-all: n(n−1) = %d messages of p = %d elements", n*(n-1), p),
		fmt.Sprintf("parameter server: 2n = %d messages of p = %d elements", 2*n, p),
		fmt.Sprintf("ring all-reduce: 2n(n−1) = %d messages of p/n = %d elements", 2*n*(n-1), p/n),
	}
	// messages, size, sent per worker, busiest port, rounds, T (ms)
	rows = []*regexp.Regexp{
		q5Row("all-to-all", n*(n-1), p, (n-1)*p, (n-1)*p, n-1, g6(x.a2a()*1e3)),
		q5Row("parameter server", 2*n, p, p, n*p, 2*n, g6(x.ps()*1e3)),
		q5Row("ring all-reduce", 2*n*(n-1), p/n, 2*(n-1)*(p/n), 2*(n-1)*(p/n), 2*(n-1), g6(x.ring()*1e3)),
	}
	return lines, rows
}

// requireRows requires each row pattern in the executed notebook's text.
func requireRows(t *testing.T, text string, rows []*regexp.Regexp) {
	t.Helper()
	for _, re := range rows {
		if !re.MatchString(text) {
			t.Errorf("no table row matching %s", re)
		}
	}
}

// TestQ5Answers checks the committed notebook's answers against the test's
// own arithmetic for n = 8, p = 120000, fp32, α = 5 µs, 100 Gb/s: all-to-all
// 56 messages of 120000 elements, parameter server 16 of 120000, ring 112
// of 15000, boxed and measured; the generated statements; the ring against
// the bound at n = 1024 for p = 10⁸; the real links.
func TestQ5Answers(t *testing.T) {
	n, err := nb.Read(q5)
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{"n": "8", "p": "120_000", "elemBytes": "4", "alpha": "5e-6", "bandwidthGbps": "100",
		"pSmall": "1_000", "pLarge": "100_000_000", "detail": "false"}
	for _, c := range n.Code() {
		if !c.HasTag("parameters") {
			continue
		}
		for name, value := range defaults {
			if !regexp.MustCompile(`(?m)^\s*` + name + `\s+\w+\s+= ` + value + `\s`).MatchString(c.Source) {
				t.Fatalf("the parameters cell no longer holds %s = %s:\n%s", name, value, c.Source)
			}
		}
	}
	// The test's own arithmetic, pinned.
	x := q5Defaults
	if got := g6(x.ring()); got != "0.0001372" {
		t.Fatalf("test's own ring time %s", got)
	}
	if got := q5Statements(x); got[1] != "Ring step ⌈p/n⌉·bβ = 4.8 µs < α = 5 µs: latency-bound, p < nα/(bβ) = 125000." {
		t.Fatalf("test's own step statement %q", got[1])
	}
	lines, rows := q5Homework(x)
	want := append(lines, q5Statements(x)...)
	want = append(want, "✓ ring vs all-to-all: condition agrees with times   [ring faster]")
	// All seven ranked at the defaults, n = 8 a power of two: halving-doubling
	// 2·3 rounds with 60000 + 30000 + 15000 elements each way on the critical
	// path; recursive doubling 3 rounds of p; ring and sharded PS 14 rounds of
	// p/8; the tree 2·3 rounds of p.
	want = append(want, fmt.Sprintf("Fastest of all 7 here: halving-doubling %s; then recursive doubling %s, sharded PS = ring all-reduce %s, binomial tree %s, all-to-all %s, parameter server %s.",
		comm.Seconds(x.t(6, 2*(60000+30000+15000))), comm.Seconds(x.t(3, 3*120000)), comm.Seconds(x.ring()), comm.Seconds(x.t(6, 6*120000)), comm.Seconds(x.a2a()), comm.Seconds(x.ps())),
		"n = 8 workers, p = 120000 elements of b = 4 B, α = 5 µs, β = 1/(12.5 GB/s) = 0.08 ns/B")

	// The ring against the bound for p = 10⁸ at n = 8 and 1024: 10⁸/1024
	// is 97656.25, so the ring's chunks are 97657 and its excess is the
	// latency (2(n−1) − ⌈log₂n⌉)·α plus 2(n−1)·0.75 elements.
	big := q5Params{n: 1024, p: 100_000_000, b: 4, alpha: 5e-6, gbps: 100}
	bound := func(x q5Params, lg int64) float64 {
		return float64(lg)*x.alpha + float64(2*(x.n-1))*float64(x.p)/float64(x.n)*x.bb()
	}
	b1024 := bound(big, 10)
	if r := big.ring() / b1024; math.Abs(r-1.1591) > 1e-4 {
		t.Fatalf("test's own ring/bound at n = 1024: %g", r)
	}
	eight := big
	eight.n = 8
	rows = append(rows,
		q5Row("1024", g6(big.ring()*1e3), g6(b1024*1e3), g6(big.ring()/b1024), g6(2036*5e-6*1e3), g6(2*1023*0.75*big.bb()*1e3)),
		q5Row("8", g6(eight.ring()*1e3), g6(bound(eight, 3)*1e3), g6(eight.ring()/bound(eight, 3)), g6(11*5e-6*1e3), 0),
	)
	// Beyond the homework at the defaults: recursive doubling takes
	// log₂8 = 3 rounds of whole gradients, halving-doubling 2·3 rounds with
	// the ring's 2(n−1)/n·p per worker.
	rows = append(rows,
		q5Row("recursive doubling", 24, 120000, 360000, 360000, 3, g6(x.t(3, 3*120000)*1e3)),
		q5Row("halving-doubling", 48, "15000…60000", 210000, 210000, 6, g6(x.t(6, 2*(60000+30000+15000))*1e3)),
	)
	// Real links, n = 8, fp32: crossover n·α/(bβ) and the ring's and the
	// parameter server's times for ResNet-50 and GPT-2 small.
	for _, link := range []struct {
		name      string
		alpha, bb float64
		cross     string
	}{{"100\u00a0Gb/s", 5e-6, 4 * 8 / 100e9, "125000"}, {"400\u00a0Gb/s", 5e-6, 4 * 8 / 400e9, "500000"}, {"NVLink", 2e-6, 4 / 450e9, "1800000"}} {
		var cells []string
		for _, p := range []int64{25_557_032, 124_439_808} {
			ring := 14*link.alpha + float64(14*((p+7)/8))*link.bb
			ps := 16*link.alpha + float64(16*p)*link.bb
			cells = append(cells, strconv.FormatFloat(ring*1e3, 'g', 4, 64), "/", strconv.FormatFloat(ps*1e3, 'g', 4, 64))
		}
		if got := float64(8) * link.alpha / link.bb; fmt.Sprintf("%.0f", got) != link.cross {
			t.Fatalf("test's own crossover on %s: %g", link.name, got)
		}
		rows = append(rows, regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(link.name)+`\s+[\d.]+\s+[\d.]+\s+`+link.cross+`\s+`+
			strings.ReplaceAll(regexp.QuoteMeta(strings.Join(cells, " ")), ` `, `\s+`)))
	}
	run := executed(t, q5)
	requireLines(t, run, want)
	text := allText(run.Notebook)
	requireRows(t, text, rows)
	// Recursive doubling and halving-doubling are drawn at powers of two
	// only: at n = 6, p = 1000 recursive doubling takes 4 rounds of whole
	// gradients, 37 % above the bound's 3 rounds, so "at every n" would
	// claim too much. The second simulation table refers to the first's
	// note instead of repeating it (θ, the rounding constant, not γ).
	for _, s := range []string{"rec. doubling and lower bound at every power of two n.",
		"halv.-doubling and lower bound at every power of two n.", "rounding bound 2θn", "as in the first simulation table."} {
		if !strings.Contains(text, s) {
			t.Errorf("the outputs do not say %q", s)
		}
	}
	if k := strings.Count(text, "rounding bound 2θn"); strings.Contains(text, "at every n") || k != 1 {
		t.Errorf("a figure note says \"at every n\", or the rounding bound is explained %d times, want once", k)
	}
}

// q5Case is one execution of the notebook with other parameters: the
// values set, the parameters the test recomputes from, and the cells that
// must fail (found by a piece of their source) with the error they must
// show. Every other cell must run without an error, and the generated
// statements must be true for the parameters.
type q5Case struct {
	name   string
	set    map[string]string
	x      q5Params
	errors map[string]string // source fragment → error message fragment
}

// The cells that depend on the homework's assumptions or limits.
const (
	q5MeasureCell = "comm.Measure(cl, rng, comm.Homework()...)"
	q5AnswerCell  = "display.Answer(ans.TeX()"
	q5CheckCell   = "yours := yourTable("
	q5CompareCell = "comm.Compare(cl)"
	q5VsPCell     = "comm.TimeVsP(cl"
)

// TestQ5OtherParameters runs the notebook at each class of parameters: the
// most workers, with no latency, a short element and the largest p that
// all-to-all's simulation takes; p not divisible by n with a slow link and a
// long latency; one worker with extreme plot sizes and a fast link; p < n.
// Each is one execution; every cell gives its ✓ lines or the readable error
// the case expects, and the generated statements are the test's own.
func TestQ5OtherParameters(t *testing.T) {
	env := jupyter(t)
	notDivisible := "✗ error: comm: p = %d is not divisible by n = %d, as the homework assumes"
	for _, tc := range []q5Case{
		{"n=1024 p=2048 α=0 bf16",
			map[string]string{"n": "1024", "p": "2048", "alpha": "0", "elemBytes": "2"},
			q5Params{n: 1024, p: 2048, b: 2, alpha: 0, gbps: 100}, nil},
		{"n=6 p=1001 α=1s 1Mb/s",
			map[string]string{"n": "6", "p": "1001", "alpha": "1", "bandwidthGbps": "1e-3"},
			q5Params{n: 6, p: 1001, b: 4, alpha: 1, gbps: 1e-3},
			map[string]string{q5AnswerCell: fmt.Sprintf(notDivisible, 1001, 6), q5CheckCell: fmt.Sprintf(notDivisible, 1001, 6)}},
		{"n=1 pSmall=1 pLarge=1e12 1Pb/s",
			map[string]string{"n": "1", "p": "3", "pSmall": "1", "pLarge": "1_000_000_000_000", "bandwidthGbps": "1e6", "alpha": "1e-9"},
			q5Params{n: 1, p: 3, b: 4, alpha: 1e-9, gbps: 1e6},
			map[string]string{
				q5AnswerCell:  "✗ error: comm: n = 1: the homework's formulas assume n ≥ 2 workers",
				q5CheckCell:   "✗ error: comm: n = 1: the homework's formulas assume n ≥ 2 workers",
				q5CompareCell: "✗ error: comm: n = 1 worker: nothing to compare, no message is sent",
				q5VsPCell:     "✗ error: comm: N = 1: time vs p needs at least 2 workers",
			}},
		{"all-to-all beyond its limit",
			map[string]string{"n": "1024", "p": "5120"},
			q5Params{n: 1024, p: 5120, b: 4, alpha: 5e-6, gbps: 100},
			map[string]string{q5MeasureCell: "✗ error: comm: all-to-all on n = 1024, p = 5120 moves 5363466240 elements: a simulation moves at most 2147483648 (2³¹)"}},
		{"n=16 p=5 b=1024",
			map[string]string{"n": "16", "p": "5", "elemBytes": "1024"},
			q5Params{n: 16, p: 5, b: 1024, alpha: 5e-6, gbps: 100},
			map[string]string{q5AnswerCell: fmt.Sprintf(notDivisible, 5, 16), q5CheckCell: fmt.Sprintf(notDivisible, 5, 16)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, q5, tc.set))
			q5AssertCase(t, run, tc)
		})
	}
}

// q5AssertCase checks one execution against its case.
func q5AssertCase(t *testing.T, run *runner.Run, tc q5Case) {
	t.Helper()
	failed := map[int]string{}
	for _, e := range run.Notebook.Errors() {
		failed[e.Index] = e.Message
	}
	for i, c := range run.Notebook.Cells {
		if c.CellType != "code" {
			continue
		}
		text := c.Text()
		if showsPanic(text) {
			t.Errorf("cell %d shows a Go panic trace:\n%s", i, text)
		}
		expected := ""
		for frag, msg := range tc.errors {
			if strings.Contains(c.Source, frag) {
				expected = msg
			}
		}
		switch msg, ok := failed[i]; {
		case expected != "" && !ok:
			t.Errorf("cell %d (%s) did not fail; want %q", i, c.FirstLine(), expected)
		case expected != "" && !strings.Contains(msg, expected):
			t.Errorf("cell %d (%s) fails with %q, want %q", i, c.FirstLine(), msg, expected)
		case expected == "" && ok:
			t.Errorf("cell %d (%s) fails: %s", i, c.FirstLine(), msg)
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "✗") && !strings.HasPrefix(line, "✗ error: comm: ") {
				t.Errorf("cell %d (%s): %s", i, c.FirstLine(), line)
			}
		}
	}
	text := allText(run.Notebook)
	var want []string
	if tc.x.n >= 2 {
		want = q5Statements(tc.x)
	}
	if tc.x.n >= 2 && tc.x.p%tc.x.n == 0 {
		lines, rows := q5Homework(tc.x)
		want = append(want, lines...)
		if _, ok := tc.errors[q5MeasureCell]; !ok {
			requireRows(t, text, rows)
		}
	}
	if tc.x.n >= 2 {
		want = append(want, "Fastest of all 7 here: ")
	} else {
		want = append(want, "No algorithm sends anything here (n = 1): all take 0 s.")
	}
	for _, w := range append(want, "✓ simulated = closed forms", "✓ no algorithm beats the lower bound", "✓ real links") {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in the executed notebook", w)
		}
	}
	t.Logf("%d ✓ lines, %d cells failed as expected", strings.Count(text, "\n✓ "), len(failed))
}

// TestQ5BadParameters: parameters beyond the documented limits give a
// readable "✗ error: comm: ..." in the cells that use them, never a panic
// trace: no workers, more workers or more elements than a simulation
// takes, a NaN latency. (All-to-all beyond its own limit needs two changes:
// TestQ5OtherParameters.)
func TestQ5BadParameters(t *testing.T) {
	testBadParameters(t, q5, "comm: ", []badParameter{
		{"no workers", "n", "0", "✗ error: comm: n = 0: the homework's formulas assume n ≥ 2 workers"},
		{"too many workers", "n", "2000", "✗ error: comm: n = 2000 workers: a simulation runs at most 1024"},
		{"too many elements", "p", "3_000_000", "✗ error: comm: n·p = 24000000 elements: a simulation holds at most n·p = 16777216 (2²⁴)"},
		{"NaN latency", "alpha", "math.NaN()", "✗ error: comm: Alpha = NaN s"},
	})
}

// TestQ5Source checks the committed notebook's code cells without running
// them: one import cell, right after the parameters; code lines that fit the
// printed page (≤ 70 columns, a tab counted as 4); and all-to-all, whose
// simulation adds n(n−1)·p elements, simulated in one cell only.
func TestQ5Source(t *testing.T) {
	nbk, err := nb.Read(q5)
	if err != nil {
		t.Fatal(err)
	}
	var imports, a2a []int
	params := -1
	for i, c := range nbk.Code() {
		if c.HasTag("setup") {
			continue
		}
		if c.HasTag("parameters") {
			params = i
		}
		if strings.Contains(c.Source, "import (") {
			imports = append(imports, i)
		}
		if strings.Contains(c.Source, "comm.Homework()...)") && strings.Contains(c.Source, "comm.Measure(") {
			a2a = append(a2a, i)
		}
		// Hidden tests are not printed (the exports leave them out).
		for _, line := range strings.Split(nb.WithoutHiddenTests(c.Source), "\n") {
			if w := len([]rune(strings.ReplaceAll(line, "\t", "    "))); w > 70 {
				t.Errorf("code cell %d: line of %d columns: %s", i, w, line)
			}
		}
	}
	if len(imports) != 1 || params < 0 || imports[0] != params+1 {
		t.Errorf("import blocks in code cells %v, want one, right after the parameters (code cell %d)", imports, params)
	}
	if len(a2a) != 1 {
		t.Errorf("all-to-all simulated in code cells %v, want one", a2a)
	}
}
