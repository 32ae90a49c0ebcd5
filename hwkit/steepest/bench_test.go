package steepest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// The notebook's cells call these at up to MaxDim coordinates; a cell
// should stay near GoNB's link time (≈ 0.1–0.2 s), so each is meant to take
// a few milliseconds (BestCorner at 2²⁰ corners a few tens).

func benchGradient(n int) []float64 {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	g := make([]float64, n)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	return g
}

func BenchmarkMinimizeSquaredLinf20(b *testing.B) {
	g := benchGradient(steepest.MaxDim)
	for b.Loop() {
		if _, err := steepest.MinimizeSquared(steepest.Linf{}, g, 0.8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinimizeSquaredL1_20(b *testing.B) {
	g := benchGradient(steepest.MaxDim)
	for b.Loop() {
		if _, err := steepest.MinimizeSquared(steepest.L1{}, g, 0.8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProbeNormLinf20(b *testing.B) {
	g := benchGradient(steepest.MaxDim)
	for b.Loop() {
		if _, err := steepest.ProbeNorm(steepest.Linf{}, g, 0.8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBestCorner20(b *testing.B) {
	g := benchGradient(steepest.MaxDim)
	for b.Loop() {
		if _, err := steepest.BestCorner(g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecoverNotebook(b *testing.B) {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	G, _ := steepest.Gaussian(3, 2, 1)
	for b.Loop() {
		cs, err := steepest.Optimizers(g, 0.8, 0.3, G)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := steepest.Recover(0.8, cs...); err != nil {
			b.Fatal(err)
		}
	}
}
