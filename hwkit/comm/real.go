package comm

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/table"
)

// Network is a link between workers: its name, latency α in seconds per
// message and β in seconds per byte.
type Network struct {
	Name        string
	Alpha, Beta float64
}

// Networks returns three real links: 100 Gb/s and 400 Gb/s network ports
// with α = 5 µs, and NVLink between the GPUs of one server (H100: 450 GB/s
// each way) with α = 2 µs. The latencies are typical values, not
// measurements. The names hold a no-break space (U+00A0) between number and
// unit, so that a table never splits them.
func Networks() []Network {
	return []Network{
		{Name: "100\u00a0Gb/s", Alpha: 5e-6, Beta: Gbps(100)},
		{Name: "400\u00a0Gb/s", Alpha: 5e-6, Beta: Gbps(400)},
		{Name: "NVLink", Alpha: 2e-6, Beta: BytesPerSec(450e9)},
	}
}

// Model is a neural network by its number of parameters.
type Model struct {
	Name   string
	Params int
}

// Models returns two real models: ResNet-50 (25 557 032 parameters) and
// GPT-2 small (124 439 808).
func Models() []Model {
	return []Model{{Name: "ResNet-50", Params: 25_557_032}, {Name: "GPT-2 small", Params: 124_439_808}}
}

// DDPBucketBytes is PyTorch DistributedDataParallel's default gradient
// bucket, 25 MiB: it all-reduces gradients in buckets of this size.
const DDPBucketBytes = 25 << 20

// realCluster is n workers with fp32 gradients of m on net.
func realCluster(n int, net Network, m Model) Cluster {
	return Cluster{N: n, P: m.Params, BytesPerElem: 4, Alpha: net.Alpha, Beta: net.Beta}
}

// RealTable returns, for n workers with fp32 gradients (4 B, what PyTorch
// DDP and Megatron-LM reduce by default), one row per network: its α and
// bandwidth, the crossover p = n·α/(b·β) below which one step of the ring
// is latency-bound, the times of the ring and of the parameter server for
// each model, and the ring's bus bandwidth for the last model, nccl-tests'
// busBw = algBw·2(n−1)/n with algBw = p·b/T (at most 1/β, the port
// bandwidth, which it reaches when the latency vanishes). Its Note says on
// which links a full default DDP bucket of 25 MiB is bandwidth-bound and gives each
// model's exact number of parameters. It returns an
// error if nets or models is empty or a cluster is invalid (n < 2
// included).
func RealTable(n int, nets []Network, models []Model) (*table.Table, error) {
	if len(nets) == 0 || len(models) == 0 {
		return nil, fmt.Errorf("comm: RealTable needs at least one network and one model")
	}
	if n < 2 {
		return nil, fmt.Errorf("comm: n = %d: a real link needs at least 2 workers", n)
	}
	header := []string{"link", "α (µs)", "GB/s", "crossover p"}
	for _, m := range models {
		header = append(header, m.Name+" ring / PS")
	}
	last := models[len(models)-1]
	header = append(header, "busBw (GB/s)")
	t := table.New(fmt.Sprintf("Real links: n = %d workers, fp32 gradients (b = 4 B), times in ms", n), header...)
	bucket := DDPBucketBytes / 4
	var bwBound, latBound []string
	for _, net := range nets {
		var cells []any
		var ringT float64
		for _, m := range models {
			c := realCluster(n, net, m)
			r, err := Ring.Costs(c)
			if err != nil {
				return nil, fmt.Errorf("comm: %s on %s: %w", m.Name, net.Name, err)
			}
			ps, _ := ParameterServer.Costs(c) // c is valid
			cells = append(cells, g4(r.Time*1e3)+" / "+g4(ps.Time*1e3))
			ringT = r.Time
		}
		c := realCluster(n, net, last)
		cross := float64(n) * c.Alpha / c.bb()
		algBw := float64(last.Params) * 4 / ringT
		busBw := algBw * 2 * float64(n-1) / float64(n)
		row := append([]any{net.Name, net.Alpha * 1e6, huge(1 / (net.Beta * 1e9)), count(cross)}, cells...)
		t.AddRow(append(row, g4(busBw/1e9))...)
		if float64(bucket) > cross {
			bwBound = append(bwBound, net.Name)
		} else {
			latBound = append(latBound, net.Name)
		}
	}
	on := listOr(bwBound, "no link")
	if len(bwBound) == len(nets) && len(nets) > 1 {
		on = "every link here"
	}
	t.Note = fmt.Sprintf("crossover p = nα/(bβ): one ring step is latency-bound below it. A full default DDP bucket of 25 MiB (%d fp32 elements) is bandwidth-bound on %s", bucket, on)
	if len(latBound) > 0 {
		t.Note += " and latency-bound on " + strings.Join(latBound, ", ")
	}
	t.Note += ". busBw = (p·b/T)·2(n−1)/n of the ring for " + last.Name + ", against the port's GB/s. Times for exactly "
	for i, m := range models {
		switch {
		case i > 0 && i == len(models)-1:
			t.Note += " and "
		case i > 0:
			t.Note += ", "
		}
		t.Note += fmt.Sprintf("%d (%s)", m.Params, m.Name)
	}
	t.Note += " parameters."
	return t, nil
}

// g4 prints x with 4 significant digits.
func g4(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return strings.Join(xs, ", ")
}

// Extrapolate measures a's costs on c without holding P elements: with k =
// the number of chunks a splits a vector into (N, or 2^⌊log₂N⌋ for
// HalvingDoubling), r = P mod k and q = ⌊P/k⌋, it simulates p₁ = 10k + r and
// p₂ = 11k + r elements and extends every count to q along the line through
// the two; the time follows from the counts. For P ≤ p₂ it simulates P
// itself. Each count of each algorithm is affine in q for fixed N and r
// (TestExtrapolate checks it against the closed forms), so the result equals
// what a simulation at P would count. It returns an error if c is invalid,
// rng is nil or a simulation exceeds SimLimits.
func Extrapolate(c Cluster, a Algorithm, rng *rand.Rand) (Costs, error) {
	if err := c.Validate(); err != nil {
		return Costs{}, err
	}
	if err := a.check(); err != nil {
		return Costs{}, err
	}
	if rng == nil {
		return Costs{}, fmt.Errorf("comm: nil *rand.Rand: pass one, e.g. rand.New(rand.NewPCG(1, 2))")
	}
	k := a.scheme().blocks(c.N)
	q, r := c.P/k, c.P%k
	measure := func(p int) (Costs, error) {
		s := c
		s.P = p
		runs, err := Measure(s, rng, a)
		if err != nil {
			return Costs{}, err
		}
		if !runs[0].SumOK {
			return Costs{}, fmt.Errorf("comm: %s at p = %d: wrong sum", a, p)
		}
		return runs[0].Measured, nil
	}
	if q <= 11 {
		return measure(c.P)
	}
	k1, err := measure(10*k + r)
	if err != nil {
		return Costs{}, err
	}
	k2, err := measure(11*k + r)
	if err != nil {
		return Costs{}, err
	}
	if k1.Steps != k2.Steps || k1.Messages != k2.Messages {
		return Costs{}, fmt.Errorf("comm: %s: rounds or messages change with p; cannot extrapolate", a)
	}
	d := int64(q - 10)
	line := func(x1, x2 int64) int64 { return x1 + (x2-x1)*d }
	out := Costs{Algorithm: a, Cluster: c, Messages: k1.Messages, Steps: k1.Steps,
		MinSize: line(k1.MinSize, k2.MinSize), MaxSize: line(k1.MaxSize, k2.MaxSize),
		Elements: line(k1.Elements, k2.Elements),
		MaxSent:  line(k1.MaxSent, k2.MaxSent), MaxRecv: line(k1.MaxRecv, k2.MaxRecv),
		NodeLoad: line(k1.NodeLoad, k2.NodeLoad), LinkLoad: line(k1.LinkLoad, k2.LinkLoad),
		Critical: line(k1.Critical, k2.Critical)}
	out.Time = out.time()
	return out, nil
}

// RealCheck compares RealTable's closed forms with simulations: for each
// model, the ring and the parameter server on n workers are measured by
// Extrapolate (seeded by rng) and every count and the time on each network
// must equal the closed form exactly. It returns one check.
func RealCheck(n int, nets []Network, models []Model, rng *rand.Rand) check.Result {
	name := "real links: closed forms = extrapolated simulations"
	if len(nets) == 0 || len(models) == 0 {
		return check.True(name, false, "no network or no model")
	}
	var bad []string
	same := 0
	for _, m := range models {
		for _, a := range []Algorithm{Ring, ParameterServer} {
			ext, err := Extrapolate(realCluster(n, nets[0], m), a, rng)
			if err != nil {
				return check.True(name, false, err.Error())
			}
			for _, net := range nets {
				ext.Cluster = realCluster(n, net, m)
				ext.Time = ext.time()
				want, err := a.Costs(ext.Cluster)
				if err != nil {
					return check.True(name, false, err.Error())
				}
				if ext == want {
					same++
				} else {
					bad = append(bad, fmt.Sprintf("%s, %s on %s: %s", m.Name, a, net.Name, costDiff(ext, want)))
				}
			}
		}
	}
	if len(bad) > 0 {
		return check.True(name, false, strings.Join(bad, "; "))
	}
	return check.True(name, true, fmt.Sprintf("%d of %d times, every count exact; simulated at p = 10n + r and 11n + r, r = p mod n", same, same))
}
