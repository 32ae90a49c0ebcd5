package comm_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/dl-course/hw2/hwkit/comm"
)

func ExampleHomeworkAnswers() {
	ans, err := comm.HomeworkAnswers(8, 120_000)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(ans)
	fmt.Println(ans.Counts())
	fmt.Println(ans.TeX())
	_, err = comm.HomeworkAnswers(8, 120_001)
	fmt.Println(err)
	// Output:
	// all-to-all: n(n−1) = 56 messages of p = 120000 elements
	// parameter server: 2n = 16 messages of p = 120000 elements
	// ring all-reduce: 2n(n−1) = 112 messages of p/n = 15000 elements
	// [[56 120000] [16 120000] [112 15000]]
	// \begin{array}{lcc}
	// & \text{messages} & \text{elements per message} \\ \hline
	// \text{all-to-all} & n(n-1) = 56 & p = 120000 \\
	// \text{parameter server} & 2n = 16 & p = 120000 \\
	// \text{ring all-reduce} & 2n(n-1) = 112 & p/n = 15000
	// \end{array}
	// comm: p = 120001 is not divisible by n = 8, as the homework assumes
}

func ExampleMeasure() {
	c := comm.Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	runs, err := comm.Measure(c, rand.New(rand.NewPCG(1, 0)), comm.Homework()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(comm.MeasuredTable(runs...))
	fmt.Println(comm.Verify(runs...))
	// Output:
	// Measured in the simulation: 8 workers, p = 120000 elements of 4 B
	// algorithm         messages  msg size  most sent by a worker  busiest port  rounds  T (ms)
	// ----------------  --------  --------  ---------------------  ------------  ------  ------
	// all-to-all              56    120000                 840000        840000       7  0.3038
	// parameter server        16    120000                 120000        960000      16  0.6944
	// ring all-reduce        112     15000                 210000        210000      14  0.1372
	// In elements, as the goroutines exchanged them; a port counts one direction; the server is not a worker. T from the measured rounds and critical path. Also checked: the smallest message, all elements, the most a worker receives, the busiest link, the critical path. Gradients uniform on [−1, 1), added in float64; rounding bound 2θn, θ = (n−1)u/(1−(n−1)u), u = 2⁻⁵³: two sums of n terms of magnitude at most 1 each lie within θn of the exact one.
	// ✓ simulated = closed forms   [3 algorithms × 10 counts and T, exactly; every worker's sum within 2.2e-15 of the sequential float64 sum, element by element (rounding bound 1.2e-14)]
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
	fmt.Print(comm.CheckTable(r))
	// Output:
	// ring all-reduce (n = 4, p = 12), simulated: 24 messages of 3 elements; sent/worker 18; busiest node 18, link 18 (0→1); 6 steps; T = 6.0576e-06 s; sum ✓ (max |Δ| = 0); workers identical ✓
	// sent per worker: [18 18 18 18]
	// busiest link: 0→1: 6 messages, 18 elements
	// Every count checked, n = 4, p = 12 (✓ = equals the closed form)
	//                        ring all-reduce
	// ---------------------  ---------------
	// messages                          24 ✓
	// message size                       3 ✓
	// elements in all                   72 ✓
	// most sent by a worker             18 ✓
	// most received by one              18 ✓
	// busiest port                      18 ✓
	// busiest link                      18 ✓
	// rounds                             6 ✓
	// critical path                     18 ✓
	// T (s)                     6.0576e-06 ✓
	// max |Δ| to the sum                 0 ✓
	// rounding bound             2.66454e-15
	// workers identical                  yes
	// Counts in elements; the busiest port counts one direction of one node's port.
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
	// Time per all-reduce, closed forms: n = 4, p = 12, b = 4 B, α = 1 µs, 10 Gb/s
	// algorithm         rounds  latency (ms)  critical path  bandwidth (ms)     T (ms)  larger term
	// ----------------  ------  ------------  -------------  --------------  ---------  -----------
	// all-to-all             3         0.003             36       0.0001152  0.0031152      latency
	// parameter server       8         0.008             96       0.0003072  0.0083072      latency
	// ring all-reduce        6         0.006             18        5.76e-05  0.0060576      latency
	// lower bound            2         0.002             18        5.76e-05  0.0020576      latency
	// latency = rounds·α; bandwidth = critical path·b·β (the largest message of each round, summed).
}

func ExampleCompare() {
	c := comm.Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	cp, err := comm.Compare(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(cp)
	fmt.Println(cp.Check())
	// Output:
	// Fastest of the three: ring all-reduce (all-to-all 303.8 µs, PS 694.4 µs, ring 137.2 µs).
	// Ring step ⌈p/n⌉·bβ = 4.8 µs < α = 5 µs: latency-bound, p < nα/(bβ) = 125000.
	// Ring faster than all-to-all: α = 5 µs < (p − 2⌈p/n⌉)·bβ = 28.8 µs.
	// ✓ ring vs all-to-all: condition agrees with times   [ring faster]
}

func ExampleRank() {
	c := comm.Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	r, err := comm.Rank(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r)
	// Output:
	// Fastest of all 7 here: halving-doubling 97.2 µs; then recursive doubling 130.2 µs, sharded PS = ring all-reduce 137.2 µs, binomial tree 260.4 µs, all-to-all 303.8 µs, parameter server 694.4 µs.
}

func ExampleBoundTable() {
	c := comm.Cluster{P: 100_000_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	t, err := comm.BoundTable(c, comm.Ring, 8, 64, 1024)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(t)
	// Output:
	// Against the lower bound: ring all-reduce, p = 10⁸, b = 4 B, α = 5 µs, 100 Gb/s
	// workers n  T (ms)  bound (ms)  T / bound  excess: latency (ms)  bandwidth (ms)
	// ---------  ------  ----------  ---------  --------------------  --------------
	// 8           56.07      56.015    1.00098                 0.055               0
	// 64          63.63       63.03    1.00952                   0.6               0
	// 1024       74.168     63.9875     1.1591                 10.18      0.00049104
	// bound = ⌈log₂n⌉·α + 2(n−1)/n·p·bβ; excess = T − bound, split into its latency part (extra rounds·α) and its bandwidth part (extra critical path·bβ, from uneven chunks where n ∤ p).
}

func ExampleBoundHolds() {
	small := comm.Cluster{P: 1000, Alpha: 5e-6, Beta: comm.Gbps(100)}
	large := small
	large.P = 100_000_000
	fmt.Println(comm.BoundHolds(small, large))
	// Output:
	// ✓ no algorithm beats the lower bound   [6 algorithms on the workers alone (the parameter server is outside the bound), n = 1 … 1024, p = 1000, 10⁸: 12288 closed forms; the ring's bandwidth term meets it 44 times, recursive doubling's rounds 22 times]
}

func ExampleRingDiagram() {
	t, err := comm.RingDiagram(4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(t)
	// Output:
	// Ring all-reduce step by step: 4 workers, 4 chunks each
	// worker    start   reduce 1   reduce 2   reduce 3   gather 1   gather 2   gather 3
	// ------  -------  ---------  ---------  ---------  ---------  ---------  ---------
	// 0       1 1 1 1  1 1 1 [2]  1 1 [3] 2  1 [4] 3 2  [4] 4 3 2  4 4 3 [4]  4 4 [4] 4
	// 1       1 1 1 1  [2] 1 1 1  2 1 1 [3]  2 1 [4] 3  2 [4] 4 3  [4] 4 4 3  4 4 4 [4]
	// 2       1 1 1 1  1 [2] 1 1  [3] 2 1 1  3 2 1 [4]  3 2 [4] 4  3 [4] 4 4  [4] 4 4 4
	// 3       1 1 1 1  1 1 [2] 1  1 [3] 2 1  [4] 3 2 1  4 3 2 [4]  4 3 [4] 4  4 [4] 4 4
	// Worker i sends to worker (i+1) mod 4. Entry c of a cell: how many gradients worker i's chunk c sums (4 = complete); [ ] marks the chunk received in that step, added during reduce-scatter, copied during all-gather.
}

func ExampleRealTable() {
	t, err := comm.RealTable(8, comm.Networks(), comm.Models())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(t)
	fmt.Println(comm.RealCheck(8, comm.Networks(), comm.Models(), rand.New(rand.NewPCG(1, 0))))
	// Output:
	// Real links: n = 8 workers, fp32 gradients (b = 4 B), times in ms
	// link      α (µs)  GB/s  crossover p  ResNet-50 ring / PS  GPT-2 small ring / PS  busBw (GB/s)
	// --------  ------  ----  -----------  -------------------  ---------------------  ------------
	// 100 Gb/s       5  12.5       125000        14.38 / 130.9          69.76 / 637.2         12.49
	// 400 Gb/s       5    50       500000        3.648 / 32.79          17.49 / 159.4          49.8
	// NVLink         2   450      1800000       0.4256 / 3.667          1.964 / 17.73         443.6
	// crossover p = nα/(bβ): one ring step is latency-bound below it. A full default DDP bucket of 25 MiB (6553600 fp32 elements) is bandwidth-bound on every link here. busBw = (p·b/T)·2(n−1)/n of the ring for GPT-2 small, against the port's GB/s. Times for exactly 25557032 (ResNet-50) and 124439808 (GPT-2 small) parameters.
	// ✓ real links: closed forms = extrapolated simulations   [12 of 12 times, every count exact; simulated at p = 10n + r and 11n + r, r = p mod n]
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
	// In elements, for n workers and p elements; n divides p (recursive doubling, halving-doubling: n a power of two). A port counts one direction.
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
	// α seconds per message, β seconds per byte, b bytes per element; n divides p (recursive doubling, halving-doubling: n a power of two).
}

func ExampleTimeVsN() {
	f, err := comm.TimeVsN(comm.Cluster{P: 1000, Alpha: 5e-6, Beta: comm.Gbps(100)}, comm.Homework()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(f)
	// Output:
	// [plot] Time vs workers: p = 1000, b = 4 B, α = 5 µs, 100 Gb/s
	//   x: workers n (log); y: time per all-reduce (s) (log)
	//   all-to-all: 1023 points, (2, 5.32e-06) … (1024, 0.00544236)
	//   param. server: 1023 points, (2, 2.128e-05) … (1024, 0.0108954)
	//   ring: 1023 points, (2, 1.032e-05) … (1024, 0.0102307)
	//   lower bound: 1023 points, (2, 5.32e-06) … (1024, 5.06394e-05)
}

func ExampleSeconds() {
	for _, x := range []float64{0, 3.2e-8, 1.3722e-4, 0.0672, 2.5} {
		fmt.Println(comm.Seconds(x))
	}
	// Output:
	// 0 s
	// 32 ns
	// 137.2 µs
	// 67.2 ms
	// 2.5 s
}
