package lsq

import (
	"math/rand/v2"
	"testing"
)

// The notebook's longest runs: 10⁶ steps of simplified Adam on three
// features (part (b)), and the linear program of the ℓ∞ route.

func BenchmarkSignProgress(b *testing.B) {
	a := []float64{1, 0.1, 0.01}
	for b.Loop() {
		if _, err := SignProgress(a, 1, Inv, 1000000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRunAdam(b *testing.B) {
	p := randomProblem(b, rand.New(rand.NewPCG(1, 1)), 10, 20)
	for b.Loop() {
		if _, err := Run(p, Adam{LR: 0.01}, Settings{Iters: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinLinfInterpolant(b *testing.B) {
	p := randomProblem(b, rand.New(rand.NewPCG(1, 1)), 5, 20)
	for b.Loop() {
		if _, err := MinLinfInterpolant(p); err != nil {
			b.Fatal(err)
		}
	}
}
