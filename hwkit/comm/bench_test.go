package comm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The ring benchmark's size: n = 8 workers, p = 10⁷ float64 elements.
const (
	benchN = 8
	benchP = 10_000_000
)

// "Elements moved" is the number of elements delivered by messages: each is
// read once from the sender's vector and added into (reduce-scatter) or
// copied into (all-gather) the receiver's, 2(n−1)·p per ring all-reduce.
// BenchmarkCopy and BenchmarkCopyParallel move the same number with the
// builtin copy, so their elem/s compare directly with BenchmarkRing's.
const benchMoved = 2 * (benchN - 1) * benchP

func reportMoved(b *testing.B, moved int64) {
	b.ReportMetric(float64(moved)*float64(b.N)/b.Elapsed().Seconds(), "elem/s")
}

// BenchmarkRing all-reduces n = 8 vectors of 10⁷ float64 in place with the
// ring simulator. The vectors keep their sums between iterations (the values
// grow by ×8 per iteration; the cost does not depend on them).
func BenchmarkRing(b *testing.B) {
	c := Cluster{N: benchN, P: benchP, BytesPerElem: 8, Alpha: 1e-6, Beta: Gbps(100)}
	grads := make([][]float64, benchN)
	for i := range grads {
		grads[i] = make([]float64, benchP)
		for e := range grads[i] {
			grads[i][e] = float64(e%1024) * 1e-6
		}
	}
	b.SetBytes(benchMoved * 8)
	b.ResetTimer()
	var moved int64
	for range b.N {
		r, err := AllReduce(c, Ring, grads)
		if err != nil {
			b.Fatal(err)
		}
		moved = r.Measured.Elements
	}
	if moved != benchMoved {
		b.Fatalf("moved %d elements, want %d", moved, benchMoved)
	}
	reportMoved(b, moved)
}

// BenchmarkCopy copies a vector of 10⁷ float64 2(n−1) = 14 times per
// operation on one goroutine: the ring's element moves as plain copies.
func BenchmarkCopy(b *testing.B) {
	src, dst := filled(benchP), filled(benchP)
	b.SetBytes(benchMoved * 8)
	b.ResetTimer()
	for range b.N {
		for range 2 * (benchN - 1) {
			copy(dst, src)
		}
	}
	reportMoved(b, benchMoved)
}

// BenchmarkCopyParallel is BenchmarkCopy split over GOMAXPROCS goroutines,
// each copying its share of the vector 14 times: the bandwidth all cores get.
func BenchmarkCopyParallel(b *testing.B) {
	src, dst := filled(benchP), filled(benchP)
	procs := runtime.GOMAXPROCS(0)
	b.SetBytes(benchMoved * 8)
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for g := range procs {
			lo, hi := chunkStart(benchP, procs, g), chunkStart(benchP, procs, g+1)
			wg.Go(func() {
				for range 2 * (benchN - 1) {
					copy(dst[lo:hi], src[lo:hi])
				}
			})
		}
		wg.Wait()
	}
	reportMoved(b, benchMoved)
}

func filled(p int) []float64 {
	v := make([]float64, p)
	for e := range v {
		v[e] = float64(e)
	}
	return v
}

// BenchmarkSweep computes the closed-form times TimeVsN plots: every
// algorithm and the lower bound for n = 2…1024 at p = 10⁶.
func BenchmarkSweep(b *testing.B) {
	c := Cluster{P: 1_000_000, Alpha: 5e-6, Beta: Gbps(100)}
	for range b.N {
		if _, err := TimeVsN(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulate runs notebook-sized simulations, n = 64 and p = 250000
// (gradient generation and the sum check included).
func BenchmarkSimulate(b *testing.B) {
	for _, a := range Algorithms() {
		if a == AllToAll {
			continue // 64·63·10⁶ elements moved: beyond MaxSimMoved
		}
		b.Run(a.String(), func(b *testing.B) {
			c := Cluster{N: 64, P: 1_000_000 / 4, Alpha: 5e-6, Beta: Gbps(100)}
			for range b.N {
				if _, err := Simulate(c, a, rand.New(rand.NewPCG(1, 2))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// limitClusters are the corners of the simulation limits: the most workers
// at the largest p all-to-all allows, and the largest n·p at several n.
var limitClusters = []Cluster{
	{N: MaxSimWorkers, P: MaxSimMoved / (MaxSimWorkers * (MaxSimWorkers - 1)), Alpha: 5e-6, Beta: Gbps(100)},
	{N: 256, P: MaxSimElements / 256, Alpha: 5e-6, Beta: Gbps(100)},
	{N: 64, P: MaxSimElements / 64, Alpha: 5e-6, Beta: Gbps(100)},
	{N: 8, P: MaxSimElements / 8, Alpha: 5e-6, Beta: Gbps(100)},
	{N: MaxSimWorkers, P: MaxSimElements / MaxSimWorkers, Alpha: 5e-6, Beta: Gbps(100)}, // beyond all-to-all's limit
}

// peakRSS returns the process's peak resident memory in bytes since the
// last resetPeak (Linux: VmHWM of /proc/self/status), or 0 elsewhere.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}

// resetPeak returns freed memory to the system and resets the peak
// resident memory to what is left (Linux 4.0+; a no-op elsewhere).
func resetPeak() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// BenchmarkCellsAtLimits runs what each simulating cell of the notebook
// asks of this package, at the corners of the simulation limits, and
// reports the peak resident memory of the process during the run (the
// notebook runs each cell as a program of its own): the answer cell
// measures the homework's three algorithms and verifies them, the next
// simulating cell the four beyond them. The closed-form cells (tables,
// plots, the bound check, the real links) are benchmarked at the notebook's
// largest sizes under "closed". At n = 1024 all-to-all's limit is p = 2050.
func BenchmarkCellsAtLimits(b *testing.B) {
	for _, c := range limitClusters {
		for _, cell := range []struct {
			name string
			algs []Algorithm
		}{{"answer", Homework()}, {"beyond", Beyond()}} {
			if SimLimits(c, AllToAll) != nil && cell.name == "answer" {
				continue
			}
			b.Run(fmt.Sprintf("%s/n=%d,p=%d", cell.name, c.N, c.P), func(b *testing.B) {
				resetPeak()
				for range b.N {
					runs, err := Measure(c, rand.New(rand.NewPCG(1, 0)), cell.algs...)
					if err != nil {
						b.Fatal(err)
					}
					if v := Verify(runs...); !v.OK {
						b.Fatal(v)
					}
				}
				b.ReportMetric(peakRSS()/(1<<20), "peak-MiB")
			})
		}
	}
	b.Run("closed", func(b *testing.B) {
		small := Cluster{P: 1000, Alpha: 5e-6, Beta: Gbps(100)}
		large := Cluster{P: 1e12, Alpha: 5e-6, Beta: Gbps(100)}
		resetPeak()
		for range b.N {
			for _, c := range []Cluster{small, large} {
				if _, err := TimeVsN(c); err != nil {
					b.Fatal(err)
				}
			}
			if r := BoundHolds(small, large); !r.OK {
				b.Fatal(r)
			}
			if _, err := TimeVsP(Cluster{N: MaxSimWorkers, Alpha: 5e-6, Beta: Gbps(100)}); err != nil {
				b.Fatal(err)
			}
			if r := RealCheck(8, Networks(), Models(), rand.New(rand.NewPCG(1, 0))); !r.OK {
				b.Fatal(r)
			}
		}
		b.ReportMetric(peakRSS()/(1<<20), "peak-MiB")
	})
}

// TestRingBandwidth checks that the ring simulator moves elements at ≥ 50 %
// of the rate of plain copies (the better of one goroutine and GOMAXPROCS)
// measured in the same run. It takes a few seconds and depends on the
// machine being otherwise idle, so it runs only with COMM_BANDWIDTH=1.
func TestRingBandwidth(t *testing.T) {
	if os.Getenv("COMM_BANDWIDTH") != "1" || raceEnabled {
		t.Skip("set COMM_BANDWIDTH=1 (and no -race) to measure")
	}
	ring := testing.Benchmark(BenchmarkRing)
	one := testing.Benchmark(BenchmarkCopy)
	all := testing.Benchmark(BenchmarkCopyParallel)
	rate := func(r testing.BenchmarkResult) float64 { return float64(benchMoved) / r.T.Seconds() * float64(r.N) }
	best := max(rate(one), rate(all))
	t.Logf("ring %.3g elem/s, copy %.3g elem/s (1 goroutine), %.3g elem/s (%d): %.0f %% of the better",
		rate(ring), rate(one), rate(all), runtime.GOMAXPROCS(0), 100*rate(ring)/best)
	if rate(ring) < 0.5*best {
		t.Errorf("ring moves %.3g elem/s, below half of copy's %.3g", rate(ring), best)
	}
}
