package comm

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// DefaultBytesPerElem is the element size used when Cluster.BytesPerElem is
// zero: 4 bytes (fp32).
const DefaultBytesPerElem = 4

// Limits of a Cluster that the closed forms accept (Cluster.Validate).
const (
	// MaxWorkers is the largest N: 2²⁰ workers.
	MaxWorkers = 1 << 20
	// MaxBytesPerElem is the largest element size, 1024 bytes.
	MaxBytesPerElem = 1 << 10
	// maxCount bounds N²·P·b, so that every count of every algorithm, in
	// elements or in bytes, is exact in an int64 (all-to-all's N(N−1)·P
	// elements is the largest).
	maxCount = 1 << 62
)

// Cluster describes N workers all-reducing a gradient of P elements over an
// α-β network.
//
// The zero value is not valid: N, P and Beta must be set. A typical literal:
//
//	c := comm.Cluster{N: 8, P: 1_000_000, Alpha: 5e-6, Beta: comm.Gbps(100)}
type Cluster struct {
	// N is the number of workers, 1 ≤ N ≤ MaxWorkers. N = 1 needs no
	// communication.
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
// 8 / (g·10⁹). Cluster.Validate rejects the result for g ≤ 0 or NaN.
func Gbps(g float64) float64 { return 8 / (g * 1e9) }

// BytesPerSec returns β in seconds per byte for a port of bw bytes per second:
// 1 / bw. Cluster.Validate rejects the result for bw ≤ 0 or NaN.
func BytesPerSec(bw float64) float64 { return 1 / bw }

// ElemBytes returns the element size in bytes, b: BytesPerElem, or
// DefaultBytesPerElem when BytesPerElem is zero.
func (c Cluster) ElemBytes() int {
	if c.BytesPerElem == 0 {
		return DefaultBytesPerElem
	}
	return c.BytesPerElem
}

// Validate reports whether c describes a cluster: 1 ≤ N ≤ MaxWorkers
// workers, P ≥ 1 elements, 0 ≤ BytesPerElem ≤ MaxBytesPerElem, a finite
// latency α ≥ 0, a finite β > 0, counts small enough to be exact in an int64
// (N²·P·b < 2⁶², checked exactly) and times that stay finite
// (2N·(α + P·b·β) below the largest float64). Errors start with "comm: ".
func (c Cluster) Validate() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("comm: N = %d workers: need at least 1", c.N)
	case c.N > MaxWorkers:
		return fmt.Errorf("comm: N = %d workers: at most %d", c.N, MaxWorkers)
	case c.P < 1:
		return fmt.Errorf("comm: P = %d elements: need at least 1", c.P)
	case c.BytesPerElem < 0 || c.BytesPerElem > MaxBytesPerElem:
		return fmt.Errorf("comm: BytesPerElem = %d: need 1 … %d (0 means %d)", c.BytesPerElem, MaxBytesPerElem, DefaultBytesPerElem)
	case math.IsNaN(c.Alpha) || math.IsInf(c.Alpha, 0) || c.Alpha < 0:
		return fmt.Errorf("comm: Alpha = %v s: need a finite latency ≥ 0", c.Alpha)
	case math.IsNaN(c.Beta) || math.IsInf(c.Beta, 0) || c.Beta <= 0:
		return fmt.Errorf("comm: Beta = %v s/byte: need a finite value > 0 (e.g. comm.Gbps(100))", c.Beta)
	}
	if !countsFit(c.N, c.N, c.P, c.ElemBytes()) {
		return fmt.Errorf("comm: N = %d, P = %d, %d B/element: counts too large to be exact (need N²·P·b < 2⁶²)", c.N, c.P, c.ElemBytes())
	}
	n, p, b := float64(c.N), float64(c.P), float64(c.ElemBytes())
	if t := 2 * n * (c.Alpha + p*b*c.Beta); math.IsInf(t, 0) || math.IsNaN(t) {
		return fmt.Errorf("comm: α = %v s, β = %v s/B: times of %d workers too large for a float64", c.Alpha, c.Beta, c.N)
	}
	return nil
}

// countsFit reports whether the product of the non-negative factors is below
// maxCount, exactly (no floating-point rounding, no wrap-around).
func countsFit(factors ...int) bool {
	prod := uint64(1)
	for _, f := range factors {
		if f < 0 {
			return false
		}
		hi, lo := bits.Mul64(prod, uint64(f))
		if hi != 0 || lo >= maxCount {
			return false
		}
		prod = lo
	}
	return true
}

// Chunk returns the element range [lo, hi) of chunk i when the P elements are
// split into N consecutive chunks: chunk i holds ⌊P/N⌋+1 elements if
// i < P mod N and ⌊P/N⌋ otherwise. It returns an error if c is invalid or i
// is not in [0, N).
func (c Cluster) Chunk(i int) (lo, hi int, err error) {
	if err := c.Validate(); err != nil {
		return 0, 0, err
	}
	if i < 0 || i >= c.N {
		return 0, 0, fmt.Errorf("comm: chunk %d of N = %d: need 0 ≤ i < N", i, c.N)
	}
	return chunkStart(c.P, c.N, i), chunkStart(c.P, c.N, i+1), nil
}

// chunkStart returns the first element of chunk i of p elements split into k
// chunks by the uneven-chunk rule; chunkStart(p, k, k) = p.
func chunkStart(p, k, i int) int {
	q, r := p/k, p%k
	return i*q + min(i, r)
}

// chunk returns the element range of chunk i of p elements in k chunks.
func chunk(p, k, i int) (lo, hi int) { return chunkStart(p, k, i), chunkStart(p, k, i+1) }

// String prints the cluster's parameters with their units, e.g. "n = 8
// workers, p = 120000 elements of b = 4 B, α = 5 µs, β = 1/(12.5 GB/s) =
// 0.08 ns/B": β as the inverse of the port bandwidth and in time per byte.
func (c Cluster) String() string {
	return fmt.Sprintf("n = %d workers, p = %s elements of b = %d B, α = %s, β = 1/(%s GB/s) = %s/B",
		c.N, elems(c.P), c.ElemBytes(), Seconds(c.Alpha), huge(1/(c.Beta*1e9)), Seconds(c.Beta))
}

// bb returns b·β, the seconds per element through one port.
func (c Cluster) bb() float64 { return float64(c.ElemBytes()) * c.Beta }

// gbps returns the port bandwidth 8/(β·10⁹) in Gb/s.
func (c Cluster) gbps() float64 { return 8 / (c.Beta * 1e9) }

// elems prints a number of elements for a title or a sentence: in decimal
// below 10⁷ ("120000"), else as a power of ten ("10⁸") or with 4
// significant digits times one ("1.244·10⁸").
func elems(p int) string {
	if p < 10_000_000 {
		return strconv.Itoa(p)
	}
	e := len(strconv.Itoa(p)) - 1
	m := strconv.FormatFloat(float64(p)/math.Pow10(e), 'g', 4, 64)
	if m == "10" { // 9.9995·10ᵉ and up round to 10ᵉ⁺¹
		m, e = "1", e+1
	}
	pow := "10" + superscript.Replace(strconv.Itoa(e))
	if m != "1" {
		return m + "·" + pow
	}
	return pow
}

// superscript raises the digits of an exponent.
var superscript = strings.NewReplacer("0", "⁰", "1", "¹", "2", "²", "3", "³",
	"4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹")

// unbroken joins the words of a table cell with no-break spaces (U+00A0),
// so that a narrow column never splits a name such as "parameter server".
func unbroken(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
