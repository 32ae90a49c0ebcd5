// Package badinput runs the bad-input table tests of the hwkit packages:
// every exported function called with nil, empty, mismatched, NaN, ±Inf,
// subnormal, huge and overflow-prone inputs must return an error or a
// finite, correct result, and must neither panic nor hang.
//
// Each call runs in its own goroutine under a time limit; a panic is caught
// with recover (not by looking for "goroutine " in some output) and
// reported with the call's name and stack. Floats and Bytes turn a fuzzer's
// bytes into float64 slices and back, for the Fuzz functions of entry
// points that take them; Specials lists the values every table tries.
// RunExits runs the calls that must end the program (a readable
// "✗ error: …" and status 1) in child processes, each under Limit.
package badinput

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Limit is the default time limit of one call.
const Limit = 10 * time.Second

// Case is one call of a bad-input table.
type Case struct {
	// Name names the function and the input, e.g. "Vec/NaN want".
	Name string
	// Call makes the call. It returns the function's error, or, for a call
	// that succeeded, Wrong(...) if the result is not finite and correct,
	// or nil.
	Call func() error
	// Err is a substring of the error the call must return; empty means it
	// must succeed with a correct result.
	Err string
}

// Wrong reports a result that is not finite and correct.
func Wrong(format string, args ...any) error {
	return &wrongResult{msg: fmt.Sprintf(format, args...)}
}

type wrongResult struct{ msg string }

func (w *wrongResult) Error() string { return "wrong result: " + w.msg }

// Outcome is what one call did.
type Outcome struct {
	Err      error  // what the call returned
	Panic    any    // the value it panicked with, if it did
	Stack    []byte // the stack of the panic
	TimedOut bool   // it did not return within the limit
}

// Do runs f under limit, recovering a panic.
func Do(limit time.Duration, f func() error) Outcome {
	done := make(chan Outcome, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- Outcome{Panic: v, Stack: debug.Stack()}
			}
		}()
		done <- Outcome{Err: f()}
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case o := <-done:
		return o
	case <-t.C:
		return Outcome{TimedOut: true}
	}
}

// Run runs the cases as subtests, each call bounded by Limit, and fails a
// case that panics, hangs, returns a wrong result, an unexpected error or
// no error where one is due.
func Run(t *testing.T, cases []Case) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Errorf("two cases named %q", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			o := Do(Limit, c.Call)
			var wrong *wrongResult
			switch {
			case o.Panic != nil:
				t.Fatalf("panicked: %v\n%s", o.Panic, o.Stack)
			case o.TimedOut:
				t.Fatalf("did not return within %v", Limit)
			case errors.As(o.Err, &wrong):
				t.Fatal(o.Err)
			case c.Err == "" && o.Err != nil:
				t.Fatalf("unexpected error: %v", o.Err)
			case c.Err != "" && o.Err == nil:
				t.Fatalf("no error, want one containing %q", c.Err)
			case c.Err != "" && !strings.Contains(o.Err.Error(), c.Err):
				t.Fatalf("error %q, want one containing %q", o.Err, c.Err)
			}
		})
	}
}

// Size reports the size of a bad-input table, for the test log: the number
// of functions (the part of each name before the first "/") and of cases.
func Size(cases []Case) (functions, calls int) {
	fs := map[string]bool{}
	for _, c := range cases {
		name, _, _ := strings.Cut(c.Name, "/")
		fs[name] = true
	}
	return len(fs), len(cases)
}

// Specials are the float64 values a bad-input table tries wherever a
// function takes a number: NaN, ±Inf, ±0, the smallest subnormal, the
// smallest normal, tiny and huge magnitudes whose squares under- or
// overflow, and the largest finite values.
var Specials = []float64{
	math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
	math.SmallestNonzeroFloat64, 0x1p-1022, 1e-170, -1e-170, 1e200, -1e200,
	math.MaxFloat64, -math.MaxFloat64,
}

// Floats decodes data as little-endian float64 values, 8 bytes each (a
// shorter tail is ignored): every bit pattern, NaN, ±Inf and subnormals
// included, is reachable by a fuzzer.
func Floats(data []byte) []float64 {
	xs := make([]float64, len(data)/8)
	for i := range xs {
		xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return xs
}

// Bytes encodes xs as Floats decodes them, for seed corpora.
func Bytes(xs ...float64) []byte {
	b := make([]byte, 8*len(xs))
	for i, x := range xs {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}
