package comm_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/dl-course/hw2/hwkit/comm"
)

func ExampleCostTable() {
	c := comm.Cluster{N: 4, P: 12, Alpha: 1e-6, Beta: comm.Gbps(10)}
	fmt.Print(comm.CostTable(c, comm.Homework()...))
	// Output:
	// All-reduce cost per iteration, n = 4, p = 12 (closed forms)
	// algorithm         messages  msg size  sent/worker  busiest node  busiest link  steps    time (s)
	// ----------------  --------  --------  -----------  ------------  ------------  -----  ----------
	// all-to-all              12        12           36            36            12      3  3.1152e-06
	// parameter server         8        12           12            48            12      8  8.3072e-06
	// ring all-reduce         24         3           18            18            18      6  6.0576e-06
	// lower bound                                    18                                  2  2.0576e-06
	// Elements of 4 B. sent/worker: the most any one worker sends (= receives); busiest node: through one port, one way; busiest link: from one node to one other. time = steps·α + critical-path elements·b·β, α = 1e-06 s, β = 8e-10 s/B. Lower bound: ⌈log₂n⌉ steps, 2(n−1)/n·p elements per worker.
}

func ExampleSimulate() {
	c := comm.Cluster{N: 4, P: 12, Alpha: 1e-6, Beta: comm.Gbps(10)}
	r, err := comm.Simulate(c, comm.Ring, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	fmt.Println("sent per worker:", r.Sent)
	fmt.Println("busiest link:", r.BusiestLink())
	fmt.Print(comm.MeasuredTable(r))
	// Output:
	// ring all-reduce (n = 4, p = 12), simulated: 24 messages of 3 elements; sent/worker 18; busiest node 18, link 18 (0→1); 6 steps; T = 6.0576e-06 s; sum ✓ (max |Δ| = 0); workers identical ✓
	// sent per worker: [18 18 18 18]
	// busiest link: 0→1: 6 messages, 18 elements
	// Measured by simulation, n = 4, p = 12 (✓ = equals the closed form)
	//                    ring all-reduce
	// -----------------  ---------------
	// messages                      24 ✓
	// message size                   3 ✓
	// sent per worker               18 ✓
	// busiest port                  18 ✓
	// busiest link                  18 ✓
	// rounds                         6 ✓
	// critical path                 18 ✓
	// time (s)              6.0576e-06 ✓
	// sum = Σᵢ gᵢ                      ✓
	// workers identical              yes
	// Counted while n goroutines exchanged the messages; counts in elements; the busiest port counts one direction; time = rounds·α + critical path·b·β from the measured rounds.
}

func ExampleAlgorithm_Costs() {
	c := comm.Cluster{N: 8, P: 1_000_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	k, err := comm.Ring.Costs(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("T = %d·α + %d·%d B·β = %.6g s\n", k.Steps, k.Critical, c.ElemBytes(), k.Time)
	// Output:
	// T = 14·α + 1750000·4 B·β = 0.00063 s
}

func ExampleHomeworkTable() {
	fmt.Print(comm.HomeworkTable(4, 12))
	// Output:
	// Messages per iteration, n = 4, p = 12
	// algorithm             messages  message size (elements)     elements sent
	// ----------------  ------------  -----------------------  ----------------
	// all-to-all         n(n−1) = 12                   p = 12    n(n−1)·p = 144
	// parameter server        2n = 8                   p = 12         2n·p = 96
	// ring all-reduce   2n(n−1) = 24                  p/n = 3  2n(n−1)·p/n = 72
	// The parameter server is one node besides the n workers; ring all-reduce runs n−1 reduce-scatter and n−1 all-gather rounds.
}

func ExampleTimeSplitTable() {
	c := comm.Cluster{N: 4, P: 12, Alpha: 1e-6, Beta: comm.Gbps(10)}
	fmt.Print(comm.TimeSplitTable(c, comm.Homework()...))
	// Output:
	// Time per all-reduce, closed forms: n = 4 workers, p = 12 elements × 4 B, α = 1e-06 s, β = 8e-10 s/B
	// algorithm         rounds  latency (s)  critical path  bandwidth (s)       T (s)
	// ----------------  ------  -----------  -------------  -------------  ----------
	// all-to-all             3        3e-06             36      1.152e-07  3.1152e-06
	// parameter server       8        8e-06             96      3.072e-07  8.3072e-06
	// ring all-reduce        6        6e-06             18       5.76e-08  6.0576e-06
	// lower bound            2        2e-06             18       5.76e-08  2.0576e-06
	// latency = rounds·α; bandwidth = critical-path elements·b·β (the largest message of each round, summed); T = latency + bandwidth.
}

func ExampleFormulaTimeTable() {
	fmt.Print(comm.FormulaTimeTable(comm.Homework()...))
	// Output:
	// Time per all-reduce, closed forms (n | p)
	// algorithm          rounds  critical path                       time
	// ----------------  -------  -------------  -------------------------
	// all-to-all            n−1         (n−1)p            (n−1)(α + p·bβ)
	// parameter server       2n            2np               2n(α + p·bβ)
	// ring all-reduce    2(n−1)      2(n−1)p/n       2(n−1)(α + (p/n)·bβ)
	// lower bound       ⌈log₂n⌉      2(n−1)p/n  ⌈log₂n⌉·α + 2(n−1)/n·p·bβ
	// α seconds per message, β seconds per byte, b bytes per element; n divides p (halving-doubling: n a power of two).
}

func ExampleFormulaTable() {
	fmt.Print(comm.FormulaTable(comm.Homework()...))
	// Output:
	// Traffic per all-reduce, closed forms (n | p)
	// algorithm         messages  msg size  sent/worker  busiest port  busiest link
	// ----------------  --------  --------  -----------  ------------  ------------
	// all-to-all          n(n−1)         p       (n−1)p        (n−1)p             p
	// parameter server        2n         p            p            np             p
	// ring all-reduce    2n(n−1)       p/n    2(n−1)p/n     2(n−1)p/n     2(n−1)p/n
	// lower bound                             2(n−1)p/n
	// In elements, for n workers and p elements; n divides p (halving-doubling: n a power of two). A port counts one direction.
}

func ExampleTimeVsN() {
	f, err := comm.TimeVsN(comm.Cluster{P: 1000, Alpha: 5e-6, Beta: comm.Gbps(100)}, comm.Homework()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(f)
	// Output:
	// [plot] Time vs workers: p = 1000 × 4 B, α = 5 µs, 100 Gb/s
	//   x: workers n (log); y: time per all-reduce (s) (log)
	//   all-to-all: 1023 points, (2, 5.32e-06) … (1024, 0.00544236)
	//   parameter server: 1023 points, (2, 2.128e-05) … (1024, 0.0108954)
	//   ring all-reduce: 1023 points, (2, 1.032e-05) … (1024, 0.0102307)
	//   lower bound: 1023 points, (2, 5.32e-06) … (1024, 5.06394e-05)
}
