package lsq

// unitRoundoff is u = 2⁻⁵³, the largest relative error of one rounded
// float64 operation.
const unitRoundoff = 0x1p-53

// rounding returns a rounding allowance for a result of magnitude scale
// (finite) that went through about ops floating-point operations in a
// chain: 4·ops·u·|scale| with the unit roundoff u = 2⁻⁵³, a factor 4 above
// the first-order bound ops·u·|scale| for the constants of the error
// analysis. Tolerances of the form bound + rounding(…) make a check fail
// only when the bound is broken, not when the last bits of a sum differ.
func rounding(ops int, scale float64) float64 {
	if ops <= 0 || !finite(scale) {
		return 0
	}
	if scale < 0 {
		scale = -scale
	}
	return 4 * float64(ops) * unitRoundoff * scale
}
