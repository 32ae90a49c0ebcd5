package plot

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// axis maps one coordinate of the data to device pixels and chooses its
// ticks. It works in axis space: the value itself on a linear axis, its
// base-10 logarithm on a log axis. The extent [lo, hi] can be as wide as
// the float64 range (hi − lo may overflow), so every difference is taken
// between halves.
type axis struct {
	log    bool
	lo, hi float64 // extent in axis space, lo < hi, both finite
	a, b   float64 // device coordinates of lo and hi (b < a on the y axis)
}

// space maps a data value to axis space.
func (ax *axis) space(v float64) float64 {
	if ax.log {
		return math.Log10(v)
	}
	return v
}

// frac is the position of u between lo (0) and hi (1).
func (ax *axis) frac(u float64) float64 {
	return (u/2 - ax.lo/2) / (ax.hi/2 - ax.lo/2)
}

// dev maps u in axis space to a device coordinate.
func (ax *axis) dev(u float64) float64 { return ax.a + ax.frac(u)*(ax.b-ax.a) }

// margin returns [lo, hi] widened by the fraction m of its extent on each
// side, without overflow.
func (ax *axis) margin(m float64) (lo, hi float64) {
	half := ax.hi/2 - ax.lo/2
	return math.Max(ax.lo-2*m*half, -math.MaxFloat64), math.Min(ax.hi+2*m*half, math.MaxFloat64)
}

// extent sets [lo, hi] (in axis space) as the axis's extent, widening a
// single value, or on a log axis an extent narrower than 10⁻¹² decades
// (whose ends 10^lo and 10^hi may not even differ), to a drawable interval.
func (ax *axis) extent(lo, hi float64) {
	if lo < hi && !(ax.log && hi-lo < 1e-12) {
		ax.lo, ax.hi = lo, hi
		return
	}
	if ax.log { // a factor of 2 each side, within the float64 range
		ax.lo = math.Max(lo-0.30103, math.Log10(math.SmallestNonzeroFloat64))
		ax.hi = math.Min(lo+0.30103, math.Log10(math.MaxFloat64))
		return
	}
	d := math.Max(math.Abs(lo)/2, 1)
	ax.lo, ax.hi = math.Max(lo-d, -math.MaxFloat64), math.Min(lo+d, math.MaxFloat64)
}

// tick is one mark on an axis, at u in axis space; minor ticks have no label.
type tick struct {
	u     float64
	label string
}

// ticks returns the axis's ticks for about target labelled intervals (at
// least 2).
func (ax *axis) ticks(target int) []tick {
	target = max(target, 2)
	if ax.log {
		if t := logTicks(ax.lo, ax.hi, target); t != nil {
			return t
		}
		// Less than a decade with few labelled ticks: linear ticks in value,
		// within the extent (the round trip through 10^u may leave it).
		// Labels that the round trip puts on one position are dropped.
		var ts []tick
		last, labels := math.Inf(-1), 0
		for _, t := range linearTicks(math.Pow(10, ax.lo), math.Pow(10, ax.hi), target) {
			t.u = math.Min(math.Max(math.Log10(t.u), ax.lo), ax.hi)
			if t.label != "" {
				if t.u <= last {
					continue
				}
				last, labels = t.u, labels+1
			}
			ts = append(ts, t)
		}
		if labels < 2 {
			return []tick{{u: ax.lo, label: number(math.Pow(10, ax.lo), 0, false)}, {u: ax.hi, label: number(math.Pow(10, ax.hi), 0, false)}}
		}
		return ts
	}
	return linearTicks(ax.lo, ax.hi, target)
}

// maxTicks bounds the ticks of one axis, labelled and minor.
const maxTicks = 400

// linearTicks returns "nice" ticks (multiples of 1, 2 or 5 times a power
// of ten) covering [lo, hi] with about target labelled intervals, at
// least two labels, and unlabelled minor ticks between them. Where the
// extent is too narrow for its magnitude to be split into representable
// steps, it labels lo and hi only.
func linearTicks(lo, hi float64, target int) []tick {
	target = max(target, 2)
	raw := (hi/2 - lo/2) / float64(target) * 2
	// Nice steps from the one nearest raw downwards, until two labels fit;
	// a step that overflows is never taken.
	e := math.Floor(math.Log10(raw))
	var steps []float64
	for k := 1.0; k >= -1; k-- {
		for _, m := range []float64{5, 2, 1} {
			if st := m * math.Pow(10, e+k); st <= raw/0.75 && st > 0 && !math.IsInf(st, 0) {
				steps = append(steps, st)
			}
		}
	}
	big := math.Max(math.Abs(lo), math.Abs(hi))
	ulp := math.Nextafter(big, math.Inf(1)) - big
	for _, step := range steps {
		k0, k1 := math.Ceil(lo/step), math.Floor(hi/step)
		switch {
		case step < 16*ulp: // steps near the resolution of lo and hi
			return endTicks(lo, hi)
		case k1-k0 >= 1 && k1-k0 <= 50:
			return stepTicks(lo, hi, step, k0, k1)
		}
	}
	return endTicks(lo, hi)
}

// endTicks labels the ends of [lo, hi] only, each with the digits that
// identify it.
func endTicks(lo, hi float64) []tick {
	expo := math.Max(math.Abs(lo), math.Abs(hi)) >= 1e6
	return []tick{{u: lo, label: number(lo, 0, expo)}, {u: hi, label: number(hi, 0, expo)}}
}

// stepTicks labels k·step for k from k0 to k1, with minor ticks between.
func stepTicks(lo, hi, step, k0, k1 float64) []tick {
	// Digits: enough for the step relative to the largest label; one
	// format, fixed-point or exponent, for the whole axis.
	big := math.Max(math.Abs(k0*step), math.Abs(k1*step))
	digits := int(math.Floor(math.Log10(big))) - int(math.Floor(math.Log10(step))) + 1
	expo := big >= 1e6 || big < 1e-4
	minors := 5 // 0.2 of a step of 1 or 5 times a power of ten, 0.5 of one of 2
	if mant := step / math.Pow(10, math.Floor(math.Log10(step))); math.Abs(mant-2) < 1e-9 {
		minors = 4
	}
	var ts []tick
	for k := k0 - 1; k <= k1; k++ {
		v := k * step
		if k >= k0 {
			ts = append(ts, tick{u: v, label: number(v, max(digits, 1), expo)})
		}
		for j := 1; j < minors; j++ {
			if m := v + float64(j)*step/float64(minors); m >= lo && m <= hi {
				ts = append(ts, tick{u: m})
			}
		}
	}
	return ts
}

// number formats a tick value with at most digits significant digits (or,
// for digits ≤ 0, the fewest that identify v), in fixed-point or, if expo,
// with an exponent as in "2.5e-7"; trailing zeros are dropped and −0 prints
// as 0.
func number(v float64, digits int, expo bool) string {
	if v == 0 {
		return "0"
	}
	if digits <= 0 {
		digits = len(strings.TrimLeft(strings.Replace(strings.SplitN(strconv.FormatFloat(math.Abs(v), 'e', -1, 64), "e", 2)[0], ".", "", 1), "0"))
	}
	digits = min(max(digits, 1), 17)
	var s string
	if expo {
		s = strconv.FormatFloat(v, 'e', digits-1, 64)
	} else {
		// Round to the significant digits, then print without exponent.
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
		s = strconv.FormatFloat(r, 'f', -1, 64)
	}
	mant, exp, hasExp := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	if !hasExp {
		return mant
	}
	e, _ := strconv.Atoi(exp)
	return mant + "e" + strconv.Itoa(e)
}

// logTicks returns the ticks of a log axis over [lo, hi] in decades: the
// powers of ten, labelled at most about target of them (the exponents that
// are multiples of a step, so that 1 is labelled when in range; in decimal,
// "0.01", "1", "1000", when every power in range is within 10^±3, else all
// as "10⁻⁸", "10⁰", "10⁴"), with unlabelled minor ticks at 2…9 times each power when
// the axis spans few decades. With fewer than two powers in range it labels
// 2 and 5 times the powers too, or returns nil when that still gives fewer
// than two labels.
func logTicks(lo, hi float64, target int) []tick {
	const eps = 1e-9
	e0, e1 := int(math.Ceil(lo-eps)), int(math.Floor(hi+eps))
	step := max(1, (e1-e0+target-1)/max(target, 1))
	labelled := func(e int) bool { return ((e%step)+step)%step == 0 || e1 == e0 }
	if multiples := floorDiv(e1, step) - floorDiv(e0-1, step); e1 > e0 && multiples < 2 {
		labelled = func(e int) bool { return e == e0 || e == e1 } // the ends, then
	}
	var ts []tick
	labels := 0
	powers := e0 < -3 || e1 > 3 // label every decade as 10ᵏ then, not only the far ones
	for e := e0; e <= e1; e++ {
		t := tick{u: float64(e)}
		if labelled(e) {
			t.label = decade(e, powers)
			labels++
		} else if e1-e0 > maxTicks/4 {
			continue // too many decades to mark each one
		}
		ts = append(ts, t)
	}
	if hi-lo > 4 {
		return ts
	}
	few := labels < 2
	for e := int(math.Floor(lo)); e <= int(math.Ceil(hi)); e++ {
		for k := 2; k < 10; k++ {
			u := float64(e) + math.Log10(float64(k))
			if u < lo-eps || u > hi+eps {
				continue
			}
			t := tick{u: u}
			if few && (k == 2 || k == 5) {
				t.label = number(float64(k)*math.Pow10(e), 1, e < -4 || e > 5)
				labels++
			}
			ts = append(ts, t)
		}
	}
	if labels < 2 {
		return nil
	}
	slices.SortFunc(ts, func(a, b tick) int { return cmp.Compare(a.u, b.u) })
	return ts
}

// floorDiv is ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// decade formats 10^e: as 10 with a superscript exponent ("10⁻⁶", "10⁴")
// if powers or |e| > 3, else in decimal ("0.01", "1000").
func decade(e int, powers bool) string {
	if !powers && e >= -3 && e <= 3 {
		return strconv.FormatFloat(math.Pow10(e), 'f', -1, 64)
	}
	return "10" + superscript.Replace(strconv.Itoa(e))
}

// superscript writes the digits and the minus sign of an exponent raised.
var superscript = strings.NewReplacer("-", "⁻", "0", "⁰", "1", "¹", "2", "²", "3", "³",
	"4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹")
