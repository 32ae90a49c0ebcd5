package comm

import (
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/table"
)

// DefaultBytesPerElem is the element size used when Cluster.BytesPerElem is
// zero: 4 bytes (fp32).
const DefaultBytesPerElem = 4

// maxCount bounds every count so that it is exact in an int64 and its
// product with BytesPerElem still fits.
const maxCount = 1 << 62

// Cluster describes N workers all-reducing a gradient of P elements over an
// α-β network.
//
// The zero value is not valid: N, P and Beta must be set. A typical literal:
//
//	c := comm.Cluster{N: 8, P: 1_000_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
type Cluster struct {
	// N is the number of workers, N ≥ 1. N = 1 needs no communication.
	N int
	// P is the number of model parameters: elements per gradient, P ≥ 1.
	P int
	// BytesPerElem is the size of one element in bytes, b; 0 means
	// DefaultBytesPerElem (4, fp32).
	BytesPerElem int
	// Alpha is the latency of one message in seconds, α ≥ 0. Zero is allowed
	// and leaves the bandwidth term only.
	Alpha float64
	// Beta is the transfer time of one byte through one port in seconds per
	// byte, β > 0: the inverse of the port bandwidth (see Gbps, BytesPerSec).
	Beta float64
}

// Gbps returns β in seconds per byte for a port of g gigabits per second:
// 8 / (g·10⁹). Cluster.Validate rejects the result for g ≤ 0.
func Gbps(g float64) float64 { return 8 / (g * 1e9) }

// BytesPerSec returns β in seconds per byte for a port of bw bytes per second:
// 1 / bw. Cluster.Validate rejects the result for bw ≤ 0.
func BytesPerSec(bw float64) float64 { return 1 / bw }

// ElemBytes returns the element size in bytes, b: BytesPerElem, or
// DefaultBytesPerElem when BytesPerElem is zero.
func (c Cluster) ElemBytes() int {
	if c.BytesPerElem == 0 {
		return DefaultBytesPerElem
	}
	return c.BytesPerElem
}

// Validate reports whether c describes a cluster: N ≥ 1 workers, P ≥ 1
// elements, BytesPerElem ≥ 0, a finite latency α ≥ 0, a finite β > 0, and
// counts small enough to be exact (N²·P·b < 2⁶²). Errors start with "comm: ".
func (c Cluster) Validate() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("comm: N = %d workers: need at least 1", c.N)
	case c.P < 1:
		return fmt.Errorf("comm: P = %d elements: need at least 1", c.P)
	case c.BytesPerElem < 0:
		return fmt.Errorf("comm: BytesPerElem = %d: need ≥ 1 (0 means %d)", c.BytesPerElem, DefaultBytesPerElem)
	case math.IsNaN(c.Alpha) || math.IsInf(c.Alpha, 0) || c.Alpha < 0:
		return fmt.Errorf("comm: Alpha = %v s: need a finite latency ≥ 0", c.Alpha)
	case math.IsNaN(c.Beta) || math.IsInf(c.Beta, 0) || c.Beta <= 0:
		return fmt.Errorf("comm: Beta = %v s/byte: need a finite value > 0 (e.g. comm.Gbps(100))", c.Beta)
	}
	n, p, b := float64(c.N), float64(c.P), float64(c.ElemBytes())
	if n*n*p*b >= maxCount {
		return fmt.Errorf("comm: N = %d, P = %d, %d B/element: counts too large to be exact (need N²·P·b < 2⁶²)", c.N, c.P, c.ElemBytes())
	}
	return nil
}

// Chunk returns the element range [lo, hi) of chunk i when the P elements are
// split into N consecutive chunks: chunk i holds ⌊P/N⌋+1 elements if
// i < P mod N and ⌊P/N⌋ otherwise. It panics if i is not in [0, N).
func (c Cluster) Chunk(i int) (lo, hi int) {
	if i < 0 || i >= c.N {
		panic(fmt.Sprintf("comm: chunk %d out of range [0, %d)", i, c.N))
	}
	return chunkStart(c.P, c.N, i), chunkStart(c.P, c.N, i+1)
}

// chunkStart returns the first element of chunk i of p elements split into k
// chunks by the uneven-chunk rule; chunkStart(p, k, k) = p.
func chunkStart(p, k, i int) int {
	q, r := p/k, p%k
	return i*q + min(i, r)
}

// String prints the cluster's parameters with their units.
func (c Cluster) String() string {
	return fmt.Sprintf("n = %d workers, p = %d elements × %d B, α = %s s, β = %s s/B", c.N, c.P, c.ElemBytes(), table.Float(c.Alpha), table.Float(c.Beta))
}
