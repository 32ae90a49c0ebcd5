package steepest_test

import (
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestBoxes: the boxed answers are ASCII TeX (every renderer takes it),
// elide long vectors, and say the regime with its numbers.
func TestBoxes(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{-0.32, "{-0.32}"}, {1e-8, `1\times 10^{-8}`}, {2.5e12, `2.5\times 10^{12}`}, {0, "0"}} {
		if got := steepest.TeXFloat(c.x); got != c.want {
			t.Errorf("TeXFloat(%v) = %q, want %q", c.x, got, c.want)
		}
	}
	long := make([]float64, 20)
	for i := range long {
		long[i] = float64(i)
	}
	tex, plain := steepest.Boxed(`u = -\tfrac{\alpha}{2}\,g`, "u = −(α/2)·g", long)
	if tex != `u = -\tfrac{\alpha}{2}\,g = [0,\ 1,\ 2,\ 3,\ 4,\ \dots,\ 19]` || plain != "u = −(α/2)·g = [0, 1, 2, 3, 4, …, 19]" {
		t.Errorf("Boxed: %q / %q", tex, plain)
	}
	for _, c := range []struct {
		alpha float64
		want  string
	}{{0.25, "u = 0 (zero)"}, {0.5, "a tie, u ∈ {r·v : r ≥ 0, ‖v‖ ≤ 1, gᵀv = −‖g‖₁}, along Δx_nsd = [-1, 1, -1, 0]; a cone: uᵢ is free in [−r, r] where gᵢ = 0"},
		{1, "unbounded below along Δx_nsd = [-1, 1, -1, 0]"}} {
		o, err := steepest.NormStep(steepest.Linf{}, []float64{1, -0.5, 0.5, 0}, c.alpha)
		if err != nil {
			t.Fatal(err)
		}
		tex, plain := steepest.RegimeBox(steepest.Linf{}, o)
		if !strings.Contains(plain, c.want) || !strings.HasPrefix(tex, `\begin{aligned}`) {
			t.Errorf("α = %v: %q", c.alpha, plain)
		}
		for _, r := range tex {
			if r > 127 {
				t.Errorf("α = %v: non-ASCII %q in %s", c.alpha, r, tex)
				break
			}
		}
	}
}
