package comm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The Fuzz functions' seed corpora run with go test; go test -fuzz=FuzzX
// explores further. Each holds every call to: an error that starts with
// "comm: ", or a finite result that satisfies the function's own contract.

// FuzzCosts: closed forms of any cluster and algorithm are finite, never
// below the lower bound, and consistent with their own fields.
func FuzzCosts(f *testing.F) {
	f.Add(8, 120_000, 4, 5e-6, 8e-11, 4)
	f.Add(1, 1, 0, 0.0, 1.0, 1)
	f.Add(0, -1, -1, math.NaN(), math.Inf(1), 0)
	f.Add(1<<31, 1<<31, 4, 1e308, 1e-300, 7)
	f.Add(MaxWorkers, 1, 1, 1e-6, 5e-324, 7)
	f.Add(1000, 97, 2, 1e-3, 1e-9, 6)
	f.Add(3, 2, 1024, 1.0, 1e300, 3)
	f.Fuzz(func(t *testing.T, n, p, b int, alpha, beta float64, alg int) {
		c := Cluster{N: n, P: p, BytesPerElem: b, Alpha: alpha, Beta: beta}
		a := Algorithm(alg)
		k, err := a.Costs(c)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "comm: ") {
				t.Fatalf("error %v", err)
			}
			return
		}
		if err := finiteCosts(k); err != nil {
			t.Fatal(err)
		}
		lb, err := LowerBound(c)
		if err != nil {
			t.Fatal(err)
		}
		if k.Steps < lb.Steps || float64(k.Critical)*(1+1e-12) < lb.Elements || k.Time*(1+1e-12) < lb.Time {
			t.Fatalf("%v beats the bound %+v", k, lb)
		}
		if k.MaxSent > k.Elements || k.MaxSize > int64(c.P) || k.Messages > 0 && k.MaxSize == 0 && c.P >= c.N {
			t.Fatalf("inconsistent %+v", k)
		}
	})
}

// FuzzSimulate: a simulation of any small cluster counts exactly the closed
// forms and every worker ends with the sum.
func FuzzSimulate(f *testing.F) {
	f.Add(uint8(8), uint16(120), uint8(3), uint64(1))
	f.Add(uint8(1), uint16(1), uint8(0), uint64(2))
	f.Add(uint8(7), uint16(3), uint8(6), uint64(3))
	f.Add(uint8(33), uint16(1000), uint8(5), uint64(4))
	f.Add(uint8(2), uint16(1), uint8(1), uint64(5))
	f.Fuzz(func(t *testing.T, n8 uint8, p16 uint16, alg uint8, seed uint64) {
		n, p := 1+int(n8)%40, 1+int(p16)%400
		a := Algorithms()[int(alg)%len(Algorithms())]
		c := Cluster{N: n, P: p, Alpha: 1e-6, Beta: Gbps(10)}
		r, err := Simulate(c, a, rand.New(rand.NewPCG(seed, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if v := Verify(r); !v.OK {
			t.Fatal(v)
		}
	})
}

// FuzzHomeworkAnswers: any n and p give an error or the homework's rows,
// all positive and with products that did not wrap around.
func FuzzHomeworkAnswers(f *testing.F) {
	f.Add(8, 120_000)
	f.Add(1<<31, 1<<31)
	f.Add(1<<32, 1<<40)
	f.Add(-1, 0)
	f.Add(math.MaxInt, math.MaxInt)
	f.Add(2, 2)
	f.Fuzz(func(t *testing.T, n, p int) {
		ans, err := HomeworkAnswers(n, p)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "comm: ") {
				t.Fatal(err)
			}
			return
		}
		N, P := int64(n), int64(p)
		if ans[0].Messages != N*(N-1) || ans[1].Messages != 2*N || ans[2].Messages != 2*N*(N-1) || ans[2].Size*N != P {
			t.Fatalf("%+v", ans)
		}
		for _, a := range ans {
			if a.Messages <= 0 || a.Size <= 0 || a.Messages > math.MaxInt64/a.Size {
				t.Fatalf("%+v overflows", a)
			}
		}
		if tb := HomeworkTable(n, p); strings.Contains(strings.Join(tb.Rows[0], " "), "= -") {
			t.Fatalf("negative count:\n%s", tb)
		}
	})
}

// FuzzChunk: the chunks of any valid cluster tile [0, P) with sizes ⌊P/N⌋
// and ⌈P/N⌉; anything else is an error.
func FuzzChunk(f *testing.F) {
	f.Add(4, 10, 3)
	f.Add(4, 10, 100)
	f.Add(0, 0, 0)
	f.Add(7, 3, -1)
	f.Add(MaxWorkers, 1, MaxWorkers-1)
	f.Fuzz(func(t *testing.T, n, p, i int) {
		c := Cluster{N: n, P: p, Beta: 1}
		lo, hi, err := c.Chunk(i)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "comm: ") {
				t.Fatal(err)
			}
			return
		}
		if size, q := hi-lo, p/n; lo < 0 || hi > p || size < q || size > q+1 || i == 0 && lo != 0 || i == n-1 && hi != p {
			t.Fatalf("chunk %d of %d in %d: [%d, %d)", i, p, n, lo, hi)
		}
	})
}

// FuzzCompare: the statements about any cluster hold: the condition that
// decides the ring against all-to-all agrees with the times, and nothing
// printed is NaN or infinite.
func FuzzCompare(f *testing.F) {
	f.Add(8, 120_000, 4, 5e-6, 8e-11)
	f.Add(4, 8, 1, 4.0, 1.0)
	f.Add(2, 1, 1, 0.0, 1e-300)
	f.Add(1000, 7, 2, 1e300, 1e-9)
	f.Add(3, 1<<40, 8, 1e-12, 1e10)
	f.Fuzz(func(t *testing.T, n, p, b int, alpha, beta float64) {
		cp, err := Compare(Cluster{N: n, P: p, BytesPerElem: b, Alpha: alpha, Beta: beta})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "comm: ") {
				t.Fatal(err)
			}
			return
		}
		if r := cp.Check(); !r.OK {
			t.Fatal(r)
		}
		if err := finiteText(cp.String()); err != nil {
			t.Fatal(err)
		}
	})
}
