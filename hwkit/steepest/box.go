package steepest

import (
	"fmt"
	"math"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// This file formats boxed answers: a TeX formula (ASCII only, for every
// math renderer) and the same statement in plain text, ready for
// display.Answer(tex, plain). Numbers have table.Precision significant
// digits, as everywhere else.

// maxBoxEntries is how many entries of a vector a boxed answer shows; the
// rest are elided so that the box fits the width of a page.
const maxBoxEntries = 6

// TeXFloat formats x like table.Float, in TeX: 1e-08 becomes 1\times
// 10^{-8}, and a negative number is braced, {-0.32}, so that it keeps a
// unary minus after a comma.
func TeXFloat(x float64) string {
	s := table.Float(x)
	if m, e, ok := strings.Cut(s, "e"); ok {
		exp := strings.TrimLeft(strings.TrimPrefix(e, "+"), "0")
		if strings.HasPrefix(e, "-") {
			exp = "-" + strings.TrimLeft(e[1:], "0")
		}
		s = m + `\times 10^{` + exp + `}`
	}
	switch {
	case math.IsInf(x, 1):
		return `+\infty`
	case math.IsInf(x, -1):
		return `{-\infty}`
	case math.IsNaN(x):
		return `\mathrm{NaN}`
	case x < 0:
		return `{` + s + `}` // braced, so that a list item's minus stays unary: (1,\ {-1})
	}
	return s
}

// TeXVec formats v as a row [v₁, v₂, …] in TeX, in brackets like the check
// lines and tables, with at most 6 entries shown (the first five and the
// last, the rest as \dots).
func TeXVec(v []float64) string {
	parts := make([]string, 0, maxBoxEntries+1)
	for i, x := range v {
		if len(v) > maxBoxEntries && i >= maxBoxEntries-1 && i < len(v)-1 {
			if i == maxBoxEntries-1 {
				parts = append(parts, `\dots`)
			}
			continue
		}
		parts = append(parts, TeXFloat(x))
	}
	return `[` + strings.Join(parts, `,\ `) + `]`
}

// plainVec is table.Vec with the entries elided as in TeXVec.
func plainVec(v []float64) string {
	if len(v) <= maxBoxEntries {
		return table.Vec(v)
	}
	head := table.Vec(v[:maxBoxEntries-1])
	return head[:len(head)-1] + ", …, " + table.Float(v[len(v)-1]) + "]"
}

// Boxed returns a boxed answer "formula = values": tex and plain are the
// formula (e.g. `u = -\tfrac{\alpha}{2}\,g` and "u = −(α/2)·g") and v its
// value for the current parameters.
func Boxed(tex, plain string, v []float64) (string, string) {
	return tex + ` = ` + TeXVec(v), plain + " = " + plainVec(v)
}

// texNorm returns the TeX of ‖v‖ for the norms of this package.
func texNorm(norm Norm) string {
	switch norm.(type) {
	case L2:
		return `\|v\|_2`
	case Linf:
		return `\|v\|_\infty`
	case L1:
		return `\|v\|_1`
	}
	return `\|v\|`
}

// texDual returns the TeX of the dual norm of the norms of this package.
func texDual(norm Norm) string {
	switch norm.(type) {
	case L2:
		return `\|g\|_2`
	case Linf:
		return `\|g\|_1`
	case L1:
		return `\|g\|_\infty`
	}
	return `\|g\|_*`
}

// RegimeBox returns the boxed answer of the unsquared penalty for a norm and
// its Outcome: u in the three cases, then the case of the current
// parameters with its numbers. At a tie the minimizers are the cone
// {r·v : r ≥ 0, ‖v‖ ≤ 1, gᵀv = −‖g‖_*}, which holds the ray r·Δx_nsd; above
// the threshold there is no minimizer, and J falls without bound along
// r·Δx_nsd (and along every other unit v with gᵀv < −1/α).
func RegimeBox(norm Norm, o Outcome) (string, string) {
	d, nsd := texDual(norm), `\Delta x_{\mathrm{nsd}}`
	var b strings.Builder
	b.WriteString(`\begin{aligned}&\begin{aligned}`)
	fmt.Fprintf(&b, `&%s < 1/\alpha\text{:} &&u = 0\\ `, d)
	fmt.Fprintf(&b, `&%s = 1/\alpha\text{:} &&u \in \lbrace r\,v : r \ge 0,\ %s \le 1,\ g^\top v = -%s \rbrace\\ `, d, texNorm(norm), d)
	fmt.Fprintf(&b, `&%s > 1/\alpha\text{:} &&\text{no minimizer: } J \to -\infty \text{ along } r\,%s`, d, nsd)
	b.WriteString(`\end{aligned}\\ `)
	fmt.Fprintf(&b, `&\text{here } %s = %s %s 1/\alpha = %s\text{: }`, d, TeXFloat(o.DualNorm), o.Regime.Relation(), TeXFloat(o.Threshold))
	var plain string
	head := fmt.Sprintf("%s = %s %s 1/α = %s: ", dualName(norm), table.Float(o.DualNorm), o.Regime.Relation(), table.Float(o.Threshold))
	switch o.Regime {
	case Zero:
		b.WriteString(`u = 0`)
		plain = head + "u = 0 (zero)"
	case Tie:
		fmt.Fprintf(&b, `\text{a tie, along } %s = %s`, nsd, TeXVec(o.Direction))
		plain = head + "a tie, u ∈ {r·v : r ≥ 0, ‖v‖ ≤ 1, gᵀv = −" + dualName(norm) + "}, along Δx_nsd = " + plainVec(o.Direction)
		if _, ok := norm.(Linf); ok && hasZero(o.Direction) {
			b.WriteString(`\\ &\text{a cone: } u_i \text{ is free in } [-r, r] \text{ where } g_i = 0`)
			plain += "; a cone: uᵢ is free in [−r, r] where gᵢ = 0"
		}
	default:
		fmt.Fprintf(&b, `\text{unbounded below along } %s = %s`, nsd, TeXVec(o.Direction))
		plain = head + "unbounded below along Δx_nsd = " + plainVec(o.Direction)
	}
	b.WriteString(`\end{aligned}`)
	return b.String(), plain
}

// hasZero reports whether some entry of v is zero.
func hasZero(v []float64) bool {
	for _, x := range v {
		if x == 0 {
			return true
		}
	}
	return false
}
