package notebooks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

const q5 = "q5_distributed_communication.ipynb"

func init() {
	required[q5] = expectations{
		checks: []string{
			"all-to-all: messages", "all-to-all: message size",
			"parameter server: messages", "parameter server: message size",
			"ring all-reduce: messages", "ring all-reduce: message size",
			"ring all-reduce: every worker holds Σᵢ gᵢ",
			"parameter server: busiest port (B)",
			"ring all-reduce: T (s), simulated",
			"ring all-reduce: bandwidth term / bound",
			"ring all-reduce − all-to-all (s)",
			"halving-doubling: all counts",
			"ring all-reduce at n = 64, 100 Gb/s: T (s)",
			"parameter server at n = 8, NVLink: T (s)",
			"your message table",
		},
		tables:  10,
		figures: 5,
	}
}

// q5Params are the parameters the tests set and recompute answers from.
type q5Params struct {
	n, p, b     int64   // workers, elements, bytes per element
	alpha, gbps float64 // latency (s), bandwidth (Gb/s)
}

// q5Defaults are the values of the committed parameters cell.
var q5Defaults = q5Params{n: 8, p: 120_000, b: 4, alpha: 5e-6, gbps: 100}

// q5Row is one row of the homework's table, computed here from n and p
// alone, independently of hwkit.
type q5Row struct {
	name           string
	messages, size int64
}

func q5Answers(n, p int64) []q5Row {
	return []q5Row{
		{"all-to-all", n * (n - 1), p},
		{"parameter server", 2 * n, p},
		{"ring all-reduce", 2 * n * (n - 1), p / n},
	}
}

// q5RingTime is the ring's α-β time 2(n−1)(α + (p/n)·b·β), β = 8/(gbps·10⁹).
func q5RingTime(x q5Params) float64 {
	beta := 8 / (x.gbps * 1e9)
	return float64(2*(x.n-1))*x.alpha + float64(2*(x.n-1)*(x.p/x.n)*x.b)*beta
}

// q5PSTime is the parameter server's α-β time 2n(α + p·b·β).
func q5PSTime(x q5Params) float64 {
	beta := 8 / (x.gbps * 1e9)
	return float64(2*x.n)*x.alpha + float64(2*x.n*x.p*x.b)*beta
}

// q5A2ATime is all-to-all's α-β time (n−1)(α + p·b·β).
func q5A2ATime(x q5Params) float64 {
	beta := 8 / (x.gbps * 1e9)
	return float64(x.n-1)*x.alpha + float64((x.n-1)*x.p*x.b)*beta
}

// g6 formats like the notebook's check lines: 6 significant digits.
func g6(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// q5Lines returns the ✓ lines the executed notebook must show for x.
func q5Lines(x q5Params) []string {
	var want []string
	// elements sent per worker and through the busiest port
	sent := map[string][2]int64{
		"all-to-all":       {(x.n - 1) * x.p, (x.n - 1) * x.p},
		"parameter server": {x.p, x.n * x.p},
		"ring all-reduce":  {2 * (x.n - 1) * (x.p / x.n), 2 * (x.n - 1) * (x.p / x.n)},
	}
	for _, r := range q5Answers(x.n, x.p) {
		want = append(want,
			fmt.Sprintf("✓ %s: messages = %d   [", r.name, r.messages),
			fmt.Sprintf("✓ %s: message size = %d   [", r.name, r.size),
			fmt.Sprintf("✓ %s: bytes sent per worker = %d   [", r.name, sent[r.name][0]*x.b),
			fmt.Sprintf("✓ %s: busiest port (B) = %d   [", r.name, sent[r.name][1]*x.b),
			fmt.Sprintf("✓ %s: every worker holds Σᵢ gᵢ   [", r.name))
	}
	return append(want,
		fmt.Sprintf("✓ ring all-reduce: T (s), simulated = %s   [", g6(q5RingTime(x))),
		fmt.Sprintf("✓ parameter server: T (s), simulated = %s   [", g6(q5PSTime(x))),
		fmt.Sprintf("✓ all-to-all: T (s), simulated = %s   [", g6(q5A2ATime(x))),
		fmt.Sprintf("✓ ring all-reduce − all-to-all (s) = %s   [", g6(q5RingTime(x)-q5A2ATime(x))),
	)
}

// TestQ5Answers checks the homework's table for the committed n = 8,
// p = 120000: all-to-all 56 messages of 120000 elements, parameter server
// 16 of 120000, ring 112 of 15000, each shown with ✓ and counted in the
// simulation; and the worked example's seconds per iteration for a
// 100M-parameter fp32 model on 8 and 64 workers at 100 Gb/s, α = 5 µs.
func TestQ5Answers(t *testing.T) {
	n, err := nb.Read(q5)
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{"n": "8", "p": "120_000", "elemBytes": "4", "alpha": "5e-6", "bandwidthGbps": "100",
		"modelP": "100_000_000", "modelNs": `\[\]int\{8, 64\}`}
	for _, c := range n.Code() {
		if !c.HasTag("parameters") {
			continue
		}
		for name, value := range defaults {
			if !regexp.MustCompile(`(?m)^\s*` + name + `\s+[\w\[\]]+\s+= ` + value + `\s`).MatchString(c.Source) {
				t.Fatalf("the parameters cell no longer holds %s = %s:\n%s", name, value, c.Source)
			}
		}
	}
	// The test's own arithmetic, pinned.
	got := fmt.Sprint(q5Answers(8, 120_000))
	if want := "[{all-to-all 56 120000} {parameter server 16 120000} {ring all-reduce 112 15000}]"; got != want {
		t.Fatalf("test's own answers %s, want %s", got, want)
	}
	if got := g6(q5RingTime(q5Defaults)); got != "0.0001372" {
		t.Fatalf("test's own ring time %s", got)
	}
	want := q5Lines(q5Defaults)
	for _, m := range []int64{8, 64} {
		x := q5Params{n: m, p: 100_000_000, b: 4, alpha: 5e-6, gbps: 100}
		want = append(want,
			fmt.Sprintf("✓ ring all-reduce at n = %d, 100 Gb/s: T (s) = %s   [", m, g6(q5RingTime(x))),
			fmt.Sprintf("✓ parameter server at n = %d, 100 Gb/s: T (s) = %s   [", m, g6(q5PSTime(x))))
	}
	if w := want[len(want)-2]; !strings.Contains(w, "= 0.06363 ") {
		t.Fatalf("test's own ring time at n = 64: %s", w)
	}
	requireLines(t, executed(t, q5), want)
}

// TestQ5OtherParameters changes n, p (and b, α) in the parameters cell:
// every check must still pass, with the answers for the new values.
func TestQ5OtherParameters(t *testing.T) {
	env := jupyter(t)
	for _, tc := range []struct {
		name string
		set  map[string]string
		x    q5Params
	}{
		{"n=5 p=1000", map[string]string{"n": "5", "p": "1_000"}, q5Params{n: 5, p: 1000, b: 4, alpha: 5e-6, gbps: 100}},
		{"n=16 p=48000 bf16 no latency", map[string]string{"n": "16", "p": "48_000", "elemBytes": "2", "alpha": "0"},
			q5Params{n: 16, p: 48_000, b: 2, alpha: 0, gbps: 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, q5, tc.set))
			assertClean(t, run)
			requireLines(t, run, q5Lines(tc.x))
		})
	}
}

// TestQ5BadParameters: parameters that make no sense give a readable
// "✗ error: comm: ..." in the cells that use them, never a panic trace.
func TestQ5BadParameters(t *testing.T) {
	testBadParameters(t, q5, "comm: ", []badParameter{
		{"no workers", "n", "0", "✗ error: comm: n = 0: the homework's formulas assume n ≥ 2 workers"},
		{"p not divisible by n", "p", "120_001", "✗ error: comm: p = 120001 is not divisible by n = 8"},
		{"negative latency", "alpha", "-1e-6", "✗ error: comm: Alpha = -1e-06 s: need a finite latency ≥ 0"},
		{"NaN latency", "alpha", "math.NaN()", "✗ error: comm: Alpha = NaN s"},
	})
}

// TestQ5Source checks the committed notebook's code cells without running
// them: one import cell, right after the parameters; code lines that fit the
// PDF (≤ 85 columns, a tab counted as 4); and all-to-all, whose simulation
// costs n(n−1)·p additions, simulated in one cell only.
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
		if strings.Contains(c.Source, "simulate(comm.AllToAll)") {
			a2a = append(a2a, i)
		}
		for _, line := range strings.Split(c.Source, "\n") {
			if w := len([]rune(strings.ReplaceAll(line, "\t", "    "))); w > 85 {
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
