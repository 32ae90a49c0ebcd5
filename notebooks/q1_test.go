package notebooks

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

const q1 = "q1_penalized_steepest_descent.ipynb"

func init() {
	required[q1] = expectations{
		checks: []string{
			"(a) J(u)", "your u (a)",
			"(b) regime", "(b) direction", "your regime (b)", "your direction (b)",
			"(b′) J(u)", "your u (b′)",
			"regime zero", "regime tie", "regime unbounded",
			"every optimizer's step",
			"Adam's step (σ = 0, ε = 1e-08)",
			"min gᵀv, ℓ₂ ball", "min gᵀv, ℓ∞ ball", "min gᵀv, ℓ₁ ball",
		},
		tables:  2, // the optimizers' own rules, ℓ∞ against ℓ1
		figures: 2, // the three regimes, the unit balls
	}
}

// q1TieTol is the notebook's tie rule (steepest.TieTol), restated here so
// that the answers below are computed without hwkit: a and b tie when
// |a − b| ≤ 1e-10·max(|a|, |b|), and gᵢ counts as zero when
// |gᵢ| ≤ 1e-10·maxⱼ|gⱼ|.
const q1TieTol = 1e-10

func q1Ties(a, b float64) bool {
	return math.Abs(a-b) <= q1TieTol*math.Max(math.Abs(a), math.Abs(b))
}

// q1Answers are question 1's answers for a gradient g and the parameter α,
// computed here in plain Go, independently of hwkit.
type q1Answers struct {
	sgd     []float64 // (a) u = −(α/2)g
	l1      float64   // ‖g‖₁
	regime  string    // (b) zero, tie or unbounded
	dir     []float64 // (b) Δx_nsd = −sign(g), 0 where gᵢ is zero by the tie rule
	sign    []float64 // (b′) u = −(α/2)‖g‖₁ sign(g), 0 where gᵢ is zero
	movesL1 int       // coordinates tied for the largest |gᵢ|
}

func q1Solve(g []float64, α float64) q1Answers {
	var a q1Answers
	var big float64
	for _, x := range g {
		a.l1 += math.Abs(x)
		big = math.Max(big, math.Abs(x))
	}
	for _, x := range g {
		s := 0.0
		if math.Abs(x) > q1TieTol*big {
			s = math.Copysign(1, x)
		}
		a.sgd = append(a.sgd, -α/2*x)
		a.dir = append(a.dir, -s)
		a.sign = append(a.sign, -α/2*a.l1*s)
		if big > 0 && q1Ties(math.Abs(x), big) {
			a.movesL1++
		}
	}
	switch t := 1 / α; {
	case q1Ties(a.l1, t):
		a.regime = "tie"
	case a.l1 < t:
		a.regime = "zero"
	default:
		a.regime = "unbounded"
	}
	return a
}

// q1Num formats like the check lines: 6 significant digits.
func q1Num(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func q1Vec(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = q1Num(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// q1Lines are the ✓ lines an executed notebook must show for g and α: the
// answers with their values (for g of at most 10 entries; check lines
// shorten longer vectors), and the regime.
func q1Lines(g []float64, α float64) []string {
	a := q1Solve(g, α)
	lines := []string{
		"✓ (b) regime   [numerically ‖g‖₁ = ",
		"✓ your regime (b) = " + a.regime + "   [",
		"✓ (b′) J(u) = ",
		fmt.Sprintf("vs 1/α = %s: %s", q1Num(1/α), a.regime),
		fmt.Sprintf("%d of %d", a.movesL1, len(g)), // ℓ1 moves, in the table
	}
	if len(g) <= 10 {
		lines = append(lines,
			"✓ your u (a) = "+q1Vec(a.sgd)+"   [matches the numerical minimizer; ",
			"✓ your direction (b) = "+q1Vec(a.dir)+"   [",
			"✓ (b) direction = "+q1Vec(a.dir)+"   [",
			"✓ your u (b′) = "+q1Vec(a.sign)+"   [",
		)
	}
	return lines
}

// TestQ1Answers checks the answers for the default parameters
// g = [0.8, −0.5, 0.25, −0.05], α = 0.8: u = [−0.32, 0.2, −0.1, 0.02] for
// (a); ‖g‖₁ = 1.6 > 1/α = 1.25, so the unsquared ℓ∞ problem is unbounded
// along [−1, 1, −1, 1]; and u = 0.64·[−1, 1, −1, 1] for the squared ℓ∞
// penalty.
func TestQ1Answers(t *testing.T) {
	n, err := nb.Read(q1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range n.Code() {
		if !c.HasTag("parameters") {
			continue
		}
		for _, re := range []string{`(?m)^\s*g\s+= \[\]float64\{0\.8, -0\.5, 0\.25, -0\.05\}`, `(?m)^\s*α\s+float64 = 0\.8\s`} {
			if !regexp.MustCompile(re).MatchString(c.Source) {
				t.Fatalf("the parameters cell no longer holds the defaults this test expects (%s):\n%s", re, c.Source)
			}
		}
	}
	g, α := []float64{0.8, -0.5, 0.25, -0.05}, 0.8
	a := q1Solve(g, α)
	for _, c := range []struct{ name, got, want string }{
		{"(a) u", q1Vec(a.sgd), "[-0.32, 0.2, -0.1, 0.02]"},
		{"‖g‖₁", q1Num(a.l1), "1.6"},
		{"regime", a.regime, "unbounded"},
		{"Δx_nsd", q1Vec(a.dir), "[-1, 1, -1, 1]"},
		{"(b′) u", q1Vec(a.sign), "[-0.64, 0.64, -0.64, 0.64]"},
	} {
		if c.got != c.want {
			t.Fatalf("test's own %s = %s, want %s", c.name, c.got, c.want)
		}
	}
	run := executed(t, q1)
	requireLines(t, run, q1Lines(g, α))
	requireLines(t, run, []string{
		// The boxes (their plain text), with the numbers of the cells.
		"gradient descent: u = −(α/2)g = [-0.32, 0.2, -0.1, 0.02]",
		"‖g‖₁ = 1.6 > 1/α = 1.25: unbounded below along Δx_nsd = [-1, 1, -1, 1]",
		"sign descent: u = −(α/2)‖g‖₁·sign(g) = [-0.64, 0.64, -0.64, 0.64]",
		// The three regimes, and the misreading table's ℓ1 row: one coordinate.
		"✓ regime zero   [numerically ‖g‖₁ = 0.625", "✓ regime tie   [numerically ‖g‖₁ = 1.25",
		"✓ regime unbounded   [numerically ‖g‖₁ = 2.5",
		"✓ min gᵀv, ℓ∞ ball, touched at one point = -3   [matches −‖g‖₁;",
		"✓ min gᵀv, ℓ₁ ball, touched at one point = -2   [matches −max|gᵢ|;",
		// The optimizers' table: idealized Adam, and the tolerances it shows.
		"idealized Adam", "✓ every optimizer's step   [every row: |J − min J| ≤ ",
	})
}

// q1Variant is a set of parameter changes executed together, and the g and
// α they mean.
type q1Variant struct {
	name string
	set  map[string]string
	g    []float64
	α    float64
	want []string // more lines to require
}

// q1NaiveTie is what a student's == would say; the variants below make
// sure the floating-point cases really are ones where it is wrong.
func q1NaiveTie(g []float64, α float64) bool {
	var n1 float64
	for _, x := range g {
		n1 += math.Abs(x)
	}
	return n1 == 1/α
}

// TestQ1Variants changes the parameters in the classes a student would
// try, several at once per execution: ties computed in floating point,
// zero entries, equal largest |gᵢ|, length 1 and the maximum length 20,
// magnitudes from 1e-8 to 1e8, α at and around 1/‖g‖₁, no gradient noise,
// 2-D gradients with a zero entry or equal entries. Every check must pass
// (the notebook's own solutions never print ✗) and the answer lines must
// show the answers computed here.
func TestQ1Variants(t *testing.T) {
	env := jupyter(t)
	long, longSrc := make([]float64, 20), make([]string, 20)
	for i := range long {
		long[i] = math.Pow(-1, float64(i)) * float64(i%7+1) * math.Pow(10, float64(i%5-2))
		longSrc[i] = strconv.FormatFloat(long[i], 'g', -1, 64)
	}
	for _, v := range []q1Variant{
		{
			// Go evaluates constant expressions such as 0.1 + 0.2 exactly: the
			// ties here come from math.Sqrt, at run time, as from a student's
			// own computation. √2·√2 = 2.0000000000000004.
			name: "floating-point ties",
			// ‖g‖₁ sums to 4.699999999999999 and 1/α is 4.7.
			set: map[string]string{"g": "[]float64{math.Sqrt(2) * math.Sqrt(2), -2, math.Sqrt(2)*math.Sqrt(2) - 2, 0.1, 0.6}",
				"α": "1 / 4.7", "σ": "0", "g2D": "[]float64{math.Sqrt(2) * math.Sqrt(2), -2}"},
			g: []float64{sqrt2sq, -2, sqrt2sq - 2, 0.1, 0.6}, α: 1 / 4.7,
			want: []string{"✓ min gᵀv, ℓ₁ ball, touched along a side", "✓ min gᵀv, ℓ∞ ball, touched at one point",
				"a cone: uᵢ is free in [−r, r] where gᵢ = 0", "✓ your regime (b) = tie"},
		},
		{
			// ‖g‖₁ = 0.1 + 0.2 = 0.30000000000000004 at run time, 1/α = 0.3.
			name: "‖g‖₁ = 1/α up to rounding",
			set:  map[string]string{"g": "[]float64{0.1, 0.2}", "α": "1 / 0.3"},
			g:    []float64{0.1, 0.2}, α: 1 / 0.3,
			want: []string{"✓ your regime (b) = tie"},
		},
		{
			name: "zero entries, 1e-8, α just above 1/‖g‖₁",
			set: map[string]string{"g": "[]float64{0.8e-8, -0.5e-8, 0, -0.05e-8}",
				"α": "(1 + 1e-9) / 1.35e-8", "σ": "0", "g2D": "[]float64{1, 0}"},
			g: []float64{0.8e-8, -0.5e-8, 0, -0.05e-8}, α: (1 + 1e-9) / 1.35e-8,
			want: []string{"✓ min gᵀv, ℓ∞ ball, touched along a side"},
		},
		{
			name: "equal largest, 1e8, α just below 1/‖g‖₁",
			set: map[string]string{"g": "[]float64{1e8, -1e8, 5e7}",
				"α": "(1 - 1e-9) / 2.5e8", "g2D": "[]float64{-3e-8, 3e-8}"},
			g: []float64{1e8, -1e8, 5e7}, α: (1 - 1e-9) / 2.5e8,
			want: []string{"✓ min gᵀv, ℓ₁ ball, touched along a side"},
		},
		{
			// 5e-8 is zero by the tie rule (≤ 1e-10·1000) but 5·ε for Adam,
			// which moves it by 5/6 of α/2: the Adam cell must compare with
			// the exact sign and pass.
			name: "an entry zero by the tie rule but above Adam's ε",
			set:  map[string]string{"g": "[]float64{1000, 5e-8}"},
			g:    []float64{1000, 5e-8}, α: 0.8,
			want: []string{"✓ Adam's step (σ = 0, ε = 1e-08) = [-0.4, -0.333333]"},
		},
		{
			name: "length 1 at the tie",
			set:  map[string]string{"g": "[]float64{-2}", "α": "0.5", "seed": "7"},
			g:    []float64{-2}, α: 0.5,
		},
		{
			name: "length 20",
			set:  map[string]string{"g": "[]float64{" + strings.Join(longSrc, ", ") + "}", "α": "0.05", "σ": "3"},
			g:    long, α: 0.05,
		},
	} {
		t.Run(v.name, func(t *testing.T) {
			if strings.Contains(v.name, "rounding") || strings.Contains(v.name, "floating") {
				if q1NaiveTie(v.g, v.α) || q1Solve(v.g, v.α).regime != "tie" {
					t.Fatalf("test case: not a tie that only the tie rule sees")
				}
			}
			run := execute(t, env, withParameters(t, q1, v.set))
			assertClean(t, run)
			requireLines(t, run, q1Lines(v.g, v.α))
			requireLines(t, run, v.want)
		})
	}
}

// TestQ1ZeroGradient runs the notebook at g = 0, which CheckProblem
// accepts and the derivations treat (u = 0): every cell gives a correct ✓
// or a readable error, and no line shows NaN or calls g = 0 "empty". Only
// the two three-regimes cells stop, since g = 0 has no direction to
// rescale.
func TestQ1ZeroGradient(t *testing.T) {
	env := jupyter(t)
	run := execute(t, env, withParameters(t, q1, map[string]string{"g": "[]float64{0, 0, 0}"}))
	text := allText(run.Notebook)
	for _, bad := range []string{"NaN", "empty input"} {
		if strings.Contains(text, bad) {
			t.Errorf("the outputs show %q:\n%s", bad, text)
		}
	}
	const want = "✗ error: steepest: zero gradient: g = 0 has no direction to rescale into the three regimes"
	var stopped []int
	for _, e := range run.Notebook.Errors() {
		if !strings.Contains(e.Message, want) || !strings.Contains(run.Notebook.Cells[e.Index].Source, "ThreeRegimes") {
			t.Errorf("cell %d: %s", e.Index, e.Message)
		}
		stopped = append(stopped, e.Index)
	}
	if len(stopped) != 2 {
		t.Errorf("want the 2 three-regimes cells to stop, got cells %v", stopped)
	}
	for i, c := range run.Notebook.Cells {
		for _, line := range strings.Split(c.Text(), "\n") {
			if strings.HasPrefix(line, "✗") && !strings.HasPrefix(line, want) {
				t.Errorf("cell %d: %s", i, line)
			}
		}
		if showsPanic(c.Text()) {
			t.Errorf("cell %d shows a Go panic trace:\n%s", i, c.Text())
		}
	}
	requireLines(t, run, []string{"✓ your u (a) = [0, 0, 0]", "✓ your u (b′) = [0, 0, 0]", "✓ your regime (b) = zero",
		"✓ (a) J(u) = 0   [matches min J", "✓ Adam's step (σ = 0, ε = 1e-08) = [0, 0, 0]", "✓ every optimizer's step   [",
		"Σ|gᵢ| = 0"})
}

// sqrt2sq is √2·√2 computed in floating point, 2.0000000000000004: a
// tie with 2 that only the tie rule sees.
var sqrt2sq = math.Sqrt(2) * math.Sqrt(2)

// TestQ1BadParameters: an α ≤ 0 or NaN, an empty g, or a g longer
// than 20 entries gives a readable "✗ error: steepest: ..." in every cell
// that uses them, never a panic trace.
func TestQ1BadParameters(t *testing.T) {
	g21 := "[]float64{" + strings.TrimSuffix(strings.Repeat("0.1, -0.2, 0.3, ", 7), ", ") + "}"
	testBadParameters(t, q1, "steepest: ", []badParameter{
		{"zero α", "α", "0", "✗ error: steepest: α must be positive and finite, got α = 0"},
		{"NaN α", "α", "math.NaN()", "✗ error: steepest: α must be positive and finite, got α = NaN"},
		{"empty g", "g", "[]float64{}", "✗ error: steepest: empty input: g has no entries"},
		{"21 entries", "g", g21, "✗ error: steepest: input too large: g has 21 entries; this notebook takes 1 to 20"},
	})
}

// TestQ1BadSideParameters: a negative noise σ and a zero 2-D gradient stop
// their own cells with a readable error, and only those.
func TestQ1BadSideParameters(t *testing.T) {
	env := jupyter(t)
	run := execute(t, env, withParameters(t, q1, map[string]string{"σ": "-1", "g2D": "[]float64{0, 0}"}))
	errs := run.Notebook.Errors()
	want := []string{"✗ error: steepest: bad radius: the noise σ must be finite and ≥ 0, got -1",
		"✗ error: steepest: zero gradient: g = [0, 0] has no steepest direction to draw"}
	if len(errs) != len(want) {
		t.Fatalf("want %d failing cells, got:\n%s", len(want), strings.Join(errorCells(run.Notebook), "\n"))
	}
	for i, e := range errs {
		if !strings.Contains(e.Message, want[i]) {
			t.Errorf("cell %d: %s, want %q", e.Index, e.Message, want[i])
		}
	}
	for i, c := range run.Notebook.Cells {
		if showsPanic(c.Text()) {
			t.Errorf("cell %d shows a Go panic trace:\n%s", i, c.Text())
		}
	}
}

// q1Normalize reduces TeX to what a formula says: no spaces or spacing
// commands, \tfrac and \dfrac as \frac, \operatorname{sign} as sign, ‖ and
// \lVert…\rVert as \|.
func q1Normalize(s string) string {
	for _, r := range [][2]string{
		{`\,`, ""}, {`\;`, ""}, {`\!`, ""}, {`\ `, ""}, {`\quad`, ""}, {`\tfrac`, `\frac`}, {`\dfrac`, `\frac`},
		{`\operatorname{sign}`, "sign"}, {`\mathrm{sign}`, "sign"}, {`\lVert`, `\|`}, {`\rVert`, `\|`}, {"‖", `\|`},
		{"{-", "-"}, {`\ast`, "*"},
	} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return strings.Join(strings.Fields(s), "")
}

var boxedRE = regexp.MustCompile(`\\boxed\{(.*)\}\$\$`)
var textRE = regexp.MustCompile(`\\text\{([^}]*)\}`)

// q1BoxLeaks lists what of the boxed answers (their TeX) the markdown md
// holds: a formula of a box (before its numbers and its "here" line),
// normalized, or the name of the optimizer a box gives (a \text{…:}).
func q1BoxLeaks(md string, boxes []string) []string {
	norm, lower := q1Normalize(md), strings.ToLower(md)
	var out []string
	for _, tex := range boxes {
		// The pieces of a box: before its numbers ("= [") and its "here" line,
		// row by row (\\) and column by column (&).
		for _, part := range regexp.MustCompile(`=\s*\[|\\text\{here|\\\\|&`).Split(tex, -1) {
			f := q1Normalize(textRE.ReplaceAllString(part, ""))
			f = strings.TrimSuffix(strings.TrimPrefix(f, `\begin{aligned}`), `\end{aligned}`)
			if len(f) >= 8 && strings.Contains(norm, f) {
				out = append(out, fmt.Sprintf("the boxed formula %q", f))
			}
		}
		for _, w := range textRE.FindAllStringSubmatch(tex, -1) {
			name, ok := strings.CutSuffix(strings.TrimSpace(w[1]), ":")
			if ok && len(name) > 3 && strings.Contains(lower, strings.ToLower(name)) {
				out = append(out, fmt.Sprintf("the boxed answer %q", name))
			}
		}
	}
	return out
}

// TestQ1StudentGivesNothingAway: the student version's markdown holds none
// of the boxed answers of the executed notebook, not their formulas
// (normalized) nor the optimizers they name, and no code left to the
// student shows a box. The detector itself must catch a leak.
func TestQ1StudentGivesNothingAway(t *testing.T) {
	orig, err := nb.Read(q1)
	if err != nil {
		t.Fatal(err)
	}
	student, _, err := nb.StudentVersion(orig)
	if err != nil {
		t.Fatal(err)
	}
	var md, code strings.Builder
	for _, c := range student.Cells {
		if c.CellType == "markdown" {
			md.WriteString(c.Source + "\n")
		} else {
			code.WriteString(c.Source + "\n")
		}
	}
	if strings.Contains(code.String(), "display.Answer") || strings.Contains(code.String(), "steepest.Boxed") {
		t.Error("the student version still shows a boxed answer")
	}
	var boxes []string
	for _, c := range executed(t, q1).Notebook.Cells {
		for _, o := range c.Outputs {
			if m := boxedRE.FindStringSubmatch(o.DataText("text/markdown")); m != nil {
				boxes = append(boxes, m[1])
			}
		}
	}
	if len(boxes) != 3 {
		t.Fatalf("%d boxed answers in the executed notebook, want 3: (a), (b) and (b′)", len(boxes))
	}
	for _, leak := range q1BoxLeaks(md.String(), boxes) {
		t.Errorf("the student version's markdown holds %s", leak)
	}
	for _, leak := range []string{
		"So the step is $u = -\\frac{\\alpha}{2} g$.",
		"the step is **sign descent**: $-\\tfrac{\\alpha}{2}\\,\\|g\\|_1\\,\\operatorname{sign}(g)$",
		"Ties are welcome, e.g. $\\|g\\|_1 = 1/\\alpha$.", // the threshold of (b)
	} {
		if len(q1BoxLeaks(md.String()+leak, boxes)) == 0 {
			t.Errorf("the detector misses the leak %q", leak)
		}
	}
}
