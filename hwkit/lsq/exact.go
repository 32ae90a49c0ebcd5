package lsq

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// MaxDenominator is the denominator bound with which the answers read the
// entries of a as fractions: 0.1 is read as 1/10, 0.01 as 1/100.
const MaxDenominator = 1_000_000

// maxFractionDigits bounds the digits of a numerator or denominator that an
// answer box prints, so that it stays narrower than a page.
const maxFractionDigits = 12

// maxShown is the largest dimension for which an answer prints every entry;
// longer vectors show the first three and the last.
const maxShown = 5

// Rational returns the first continued-fraction convergent p/q of x's exact
// value with q ≤ maxDen that rounds to x in float64: the fraction one would
// write for a decimal or a simple fraction (the double 0.1 is the one
// nearest to 1/10, so it gives 1/10). ok is false when there is none (x is
// not finite, maxDen < 1, or no convergent with a small enough denominator
// rounds to x).
func Rational(x float64, maxDen int64) (r *big.Rat, ok bool) {
	if !finite(x) || maxDen < 1 {
		return nil, false
	}
	exact := new(big.Rat).SetFloat64(math.Abs(x))
	if exact.IsInt() {
		return withSign(exact, x), true
	}
	limit := big.NewInt(maxDen)
	num, den := new(big.Int).Set(exact.Num()), new(big.Int).Set(exact.Denom())
	h0, h1 := big.NewInt(0), big.NewInt(1) // numerators of the convergents
	k0, k1 := big.NewInt(1), big.NewInt(0) // denominators
	for den.Sign() != 0 {
		q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
		h2 := new(big.Int).Add(new(big.Int).Mul(q, h1), h0)
		k2 := new(big.Int).Add(new(big.Int).Mul(q, k1), k0)
		if k2.Cmp(limit) > 0 {
			break
		}
		cand := new(big.Rat).SetFrac(h2, k2)
		if f, _ := cand.Float64(); f == math.Abs(x) {
			return withSign(cand, x), true
		}
		h0, h1, k0, k1 = h1, h2, k1, k2
		num, den = den, rem
	}
	return nil, false
}

func withSign(r *big.Rat, x float64) *big.Rat {
	if x < 0 {
		r.Neg(r)
	}
	return r
}

// exactEntries returns the entries of a as rationals: the small fractions
// of Rational when every entry has one (readable), else the exact values of
// the doubles.
func exactEntries(a []float64) (r []*big.Rat, readable bool) {
	r = make([]*big.Rat, len(a))
	readable = true
	for j, v := range a {
		if q, ok := Rational(v, MaxDenominator); ok {
			r[j] = q
			continue
		}
		readable = false
		break
	}
	if !readable {
		for j, v := range a {
			r[j] = new(big.Rat).SetFloat64(v)
		}
	}
	return r, readable
}

// Answer is a boxed answer of the homework for the current a: the closed
// form in float64, the same limit in exact rational arithmetic, and its
// statement in TeX (for display.Answer's box) and plain text.
type Answer struct {
	// Value is the closed form in float64 (SGDLimit, SignLimit, RescaledLimit).
	Value []float64
	// Exact is the limit computed in exact rational arithmetic from the
	// entries of a (read as small fractions when they are), rounded to
	// float64: a second computation of the same formula, for checking the
	// floating-point one (it is not an independent route to the maths).
	Exact []float64
	// Tol is the rounding allowance between Value and a route that computes
	// the same limit differently: a few d·u·‖Value‖∞.
	Tol float64
	// Fraction is the exact answer when every aⱼ reads as a fraction with
	// denominator at most MaxDenominator and the result's fractions are
	// short, e.g. "(10000/10101)·a"; empty otherwise.
	Fraction string
	// TeX is the formula for the box (an aligned block); Plain the same in
	// plain text.
	TeX, Plain string
}

// answerTol is the rounding allowance of an Answer of dimension d.
func answerTol(d int, v []float64) float64 {
	return rounding(16*(d+4), floats.Norm(v, math.Inf(1)))
}

// SGDAnswer returns the answer of part (a): θ∞ = a/‖a‖₂², e.g. for
// a = [1, 0.1, 0.01] the box
//
//	θ∞ = a/‖a‖₂² = (10000/10101)·a ≈ [0.990001, 0.0990001, 0.00990001].
//
// It returns SGDLimit's errors.
func SGDAnswer(a []float64) (Answer, error) {
	v, err := SGDLimit(a)
	if err != nil {
		return Answer{}, err
	}
	r, readable := exactEntries(a)
	n2 := new(big.Rat)
	for _, x := range r {
		n2.Add(n2, new(big.Rat).Mul(x, x))
	}
	s := new(big.Rat).Inv(n2)
	exact := make([]float64, len(a))
	for j, x := range r {
		exact[j], _ = new(big.Rat).Mul(s, x).Float64()
	}
	ans := Answer{Value: v, Exact: exact, Tol: answerTol(len(a), v)}
	sym, symPlain := `\frac{a}{\|a\|_2^2}`, "a/‖a‖₂²"
	if f, ok := texRat(s); readable && ok {
		ans.Fraction = "(" + plainRat(s) + ")·a"
		sym += ` = ` + f + `\,a`
		symPlain += " = " + ans.Fraction
	}
	ans.TeX, ans.Plain = box(`\theta_\infty^{\mathrm{SGD}}`, "θ∞ (SGD)", sym, symPlain, v)
	return ans, nil
}

// SignAnswer returns the answer of part (b): θ∞ = sign(a)/‖a‖₁, e.g. for
// a = [1, 0.1, 0.01] the box θ∞ = sign(a)/‖a‖₁ = (100/111)·𝟙 ≈ 0.900901·𝟙.
// It returns SignLimit's errors.
func SignAnswer(a []float64) (Answer, error) {
	v, err := SignLimit(a)
	if err != nil {
		return Answer{}, err
	}
	r, readable := exactEntries(a)
	n1 := new(big.Rat)
	for _, x := range r {
		n1.Add(n1, new(big.Rat).Abs(x))
	}
	c := new(big.Rat).Inv(n1)
	exact := make([]float64, len(a))
	for j, x := range r {
		exact[j], _ = new(big.Rat).Mul(c, big.NewRat(int64(x.Sign()), 1)).Float64()
	}
	ans := Answer{Value: v, Exact: exact, Tol: answerTol(len(a), v)}
	signTeX, signPlain := signVector(a)
	cf, _ := c.Float64()
	sym, symPlain := `\frac{\operatorname{sign}(a)}{\|a\|_1}`, "sign(a)/‖a‖₁"
	if f, ok := texRat(c); readable && ok {
		ans.Fraction = "(" + plainRat(c) + ")·" + signPlain
		sym += ` = ` + f + `\,` + signTeX
		symPlain += " = " + ans.Fraction
	}
	if signTeX == `\mathbf{1}` || signTeX == `-\mathbf{1}` {
		// every entry has the same magnitude: print it once
		ans.TeX = `\begin{aligned}\theta_\infty^{\mathrm{sign}} &= ` + sym + ` \\ &\approx ` +
			texFloat(cf) + `\,` + signTeX + `\end{aligned}`
		ans.Plain = "θ∞ (simplified Adam) = " + symPlain + " ≈ " + table.Float(cf) + "·" + signPlain
		return ans, nil
	}
	ans.TeX, ans.Plain = box(`\theta_\infty^{\mathrm{sign}}`, "θ∞ (simplified Adam)", sym, symPlain, v)
	return ans, nil
}

// signVector writes sign(a) as 𝟙 or −𝟙 when all entries agree, else as
// the vector of signs.
func signVector(a []float64) (tex, plain string) {
	pos, neg := true, true
	for _, v := range a {
		pos = pos && v > 0
		neg = neg && v < 0
	}
	switch {
	case pos:
		return `\mathbf{1}`, "𝟙"
	case neg:
		return `-\mathbf{1}`, "−𝟙"
	}
	s := make([]float64, len(a))
	for j, v := range a {
		s[j] = sign(v)
	}
	return texVec(s), plainVec(s)
}

// RescaledAnswer returns the answer of part (c): θ∞,ᵢ = 1/(d·aᵢ), e.g. for
// a = [1, 0.1, 0.01] the box θ∞ = [1/3, 10/3, 100/3] ≈ [0.333333, 3.33333,
// 33.3333]. It returns RescaledLimit's errors (one wrapping ErrZeroFeature
// for a zero entry).
func RescaledAnswer(a []float64) (Answer, error) {
	v, err := RescaledLimit(a)
	if err != nil {
		return Answer{}, err
	}
	r, readable := exactEntries(a)
	d := big.NewRat(int64(len(a)), 1)
	exact := make([]float64, len(a))
	fr := make([]*big.Rat, len(a))
	short := true
	for j, x := range r {
		fr[j] = new(big.Rat).Inv(new(big.Rat).Mul(d, x))
		exact[j], _ = fr[j].Float64()
		_, ok := texRat(fr[j])
		short = short && ok
	}
	ans := Answer{Value: v, Exact: exact, Tol: answerTol(len(a), v)}
	sym, symPlain := `\Big[\frac{1}{d\,a_i}\Big]_{i}`, "1/(d·aᵢ)"
	if readable && short {
		tex, plain := make([]string, len(fr)), make([]string, len(fr))
		for j, q := range fr {
			tex[j], _ = texRat(q)
			plain[j] = plainRat(q)
		}
		ans.Fraction = "[" + strings.Join(elide(plain, "…"), ", ") + "]"
		sym += ` = [` + strings.Join(elide(tex, `\ldots`), `,\ `) + `]`
		symPlain += " = " + ans.Fraction
	}
	ans.TeX, ans.Plain = box(`\theta_\infty^{\mathrm{resc}}`, "θ∞ (rescaled SGD)", sym, symPlain, v)
	return ans, nil
}

// box assembles the two lines of an answer: the symbol and its exact form,
// then the decimal value.
func box(name, plainName, sym, symPlain string, v []float64) (tex, plain string) {
	tex = `\begin{aligned}` + name + ` &= ` + sym + ` \\ &\approx ` + texVec(v) + `\end{aligned}`
	plain = plainName + " = " + symPlain + " ≈ " + plainVec(v)
	return tex, plain
}

// elide keeps at most maxShown entries: the first three, the filler and the
// last.
func elide(s []string, filler string) []string {
	if len(s) <= maxShown {
		return s
	}
	return []string{s[0], s[1], s[2], filler, s[len(s)-1]}
}

// texVec writes v as [v₁,\ v₂, …] with six significant digits.
func texVec(v []float64) string {
	s := make([]string, len(v))
	for j, x := range v {
		s[j] = texFloat(x)
	}
	return "[" + strings.Join(elide(s, `\ldots`), `,\ `) + "]"
}

// plainVec writes v like table.Vec, eliding long vectors.
func plainVec(v []float64) string {
	s := make([]string, len(v))
	for j, x := range v {
		s[j] = table.Float(x)
	}
	return "[" + strings.Join(elide(s, "…"), ", ") + "]"
}

// texFloat writes x with six significant digits, exponents as ×10^{k}.
func texFloat(x float64) string {
	s := table.Float(x)
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	e, _ := strconv.Atoi(exp)
	return mant + `\times 10^{` + strconv.Itoa(e) + `}`
}

// texRat writes r as \tfrac{p}{q} (or an integer); ok is false when p or q
// has more than maxFractionDigits digits.
func texRat(r *big.Rat) (string, bool) {
	num, den := new(big.Int).Abs(r.Num()).String(), r.Denom().String()
	if len(num) > maxFractionDigits || len(den) > maxFractionDigits {
		return "", false
	}
	s := num
	if !r.IsInt() {
		s = `\tfrac{` + num + `}{` + den + `}`
	}
	if r.Sign() < 0 {
		s = "-" + s
	}
	return s, true
}

// plainRat writes r as p/q (or an integer).
func plainRat(r *big.Rat) string {
	s := new(big.Int).Abs(r.Num()).String()
	if !r.IsInt() {
		s += "/" + r.Denom().String()
	}
	if r.Sign() < 0 {
		s = "-" + s
	}
	return s
}
