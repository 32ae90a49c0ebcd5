package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/table"
)

// Sum returns Σ_{t<iters} Rate(lr, t), the total length of the steps: how far
// sign descent, which moves every coordinate by α_t, can travel in iters
// steps.
func (s Schedule) Sum(lr float64, iters int) float64 {
	var sum float64
	for t := range iters {
		sum += s.Rate(lr, t)
	}
	return sum
}

// Norm1 returns ‖v‖₁ = Σⱼ |vⱼ|.
func Norm1(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += math.Abs(x)
	}
	return s
}

// MaxAbs returns ‖v‖∞ = maxⱼ |vⱼ| (0 for an empty v).
func MaxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// DiffTable tabulates, for each named vector, its difference from ref
// coordinate by coordinate (θⱼ − refⱼ), which shows deviations far below
// the 6 significant digits of the vectors themselves. Vectors of another
// length than ref get a row saying so.
func DiffTable(title string, ref []float64, rows ...Named) *table.Table {
	header := []string{"θ"}
	for j := range ref {
		header = append(header, "θ"+subscript(j+1)+" − ref")
	}
	t := table.New(title, header...)
	for _, r := range rows {
		if len(r.Theta) != len(ref) {
			t.AddRow(r.Name, fmt.Sprintf("length %d, reference %d", len(r.Theta), len(ref)))
			continue
		}
		cells := []any{r.Name}
		for j := range ref {
			cells = append(cells, r.Theta[j]-ref[j])
		}
		t.AddRow(cells...)
	}
	t.Note = "ref = " + table.Vec(ref)
	return t
}

// WeightedKKT measures how far θ is from satisfying the stationarity
// condition of the minimum weighted-ℓ2 interpolant, min Σⱼ wⱼθⱼ² subject to
// Xθ = y: there θ = W⁻¹Xᵀμ for some μ (Lagrange; for one row a and w = a²,
// every aⱼθⱼ is the same constant). It returns the Euclidean distance from θ
// to the column space of W⁻¹Xᵀ, a certificate independent of how θ was
// found: it is at most ‖θ − θ*‖₂ for the true minimizer θ*. It returns an
// error for a θ or w of the wrong length or a non-positive weight.
func WeightedKKT(p *Problem, w, theta []float64) (float64, error) {
	if p == nil {
		return 0, errors.New("lsq: the problem is nil")
	}
	if len(w) != p.d || len(theta) != p.d {
		return 0, fmt.Errorf("lsq: WeightedKKT needs w and θ of length %d, got %d and %d", p.d, len(w), len(theta))
	}
	b := mat.NewDense(p.d, p.n, nil) // B = W⁻¹Xᵀ
	for j := range p.d {
		if !(w[j] > 0) || math.IsInf(w[j], 0) {
			return 0, fmt.Errorf("lsq: weight w[%d] = %v must be positive and finite", j, w[j])
		}
		for i := range p.n {
			b.Set(j, i, p.row(i)[j]/w[j])
		}
	}
	// Project θ on the left singular vectors of B that span its column
	// space; the residual is what is left.
	var svd mat.SVD
	if !svd.Factorize(b, mat.SVDThin) {
		return 0, errors.New("lsq: the SVD of W⁻¹Xᵀ did not converge")
	}
	rank := svd.Rank(float64(max(p.d, p.n)) * 0x1p-52)
	var u mat.Dense
	svd.UTo(&u)
	th := mat.NewVecDense(p.d, append([]float64(nil), theta...))
	res := mat.VecDenseCopyOf(th)
	for k := range rank {
		col := u.ColView(k)
		res.AddScaledVec(res, -mat.Dot(col, th), col)
	}
	return mat.Norm(res, 2), nil
}
