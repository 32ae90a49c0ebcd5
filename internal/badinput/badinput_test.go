package badinput

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDo(t *testing.T) {
	if o := Do(time.Second, func() error { return errors.New("bad") }); o.Err == nil || o.Panic != nil || o.TimedOut {
		t.Errorf("an error: %+v", o)
	}
	o := Do(time.Second, func() error {
		var m map[string]int
		m["x"] = 1 // panics
		return nil
	})
	if o.Panic == nil || !strings.Contains(string(o.Stack), "badinput_test.go") {
		t.Errorf("a panic: %+v", o)
	}
	block := make(chan struct{})
	defer close(block)
	if o := Do(50*time.Millisecond, func() error { <-block; return nil }); !o.TimedOut {
		t.Errorf("a hang: %+v", o)
	}
}

func TestFloatsRoundTrip(t *testing.T) {
	xs := append([]float64{1, -2.5}, Specials...)
	got := Floats(append(Bytes(xs...), 1, 2, 3)) // a short tail is ignored
	if len(got) != len(xs) {
		t.Fatalf("%d values, want %d", len(got), len(xs))
	}
	for i := range xs {
		if math.Float64bits(got[i]) != math.Float64bits(xs[i]) {
			t.Errorf("value %d: %v, want %v", i, got[i], xs[i])
		}
	}
	if !slices.Equal(Floats(nil), []float64{}) {
		t.Error("no bytes, no values")
	}
}

func TestSize(t *testing.T) {
	f, n := Size([]Case{{Name: "A/x"}, {Name: "A/y"}, {Name: "B"}})
	if f != 2 || n != 3 {
		t.Errorf("Size = %d functions, %d cases", f, n)
	}
}

// exitWith prints line on standard error and exits with status 1, like a
// cell that fails readably.
func exitWith(line string) func() {
	return func() {
		fmt.Fprintln(os.Stderr, line)
		os.Exit(1)
	}
}

// TestRunExits: two tables in one test and a table in a subtest each run
// their own cases in the child processes.
func TestRunExits(t *testing.T) {
	RunExits(t, []Exit{{Name: "first (a)", Call: exitWith("✗ a"), Want: "✗ a"}, {Name: "first $b", Call: exitWith("✗ b"), Want: "✗ b"}})
	RunExits(t, []Exit{{Name: "second", Call: exitWith("✗ c"), Want: "✗ c"}, {Name: "second", Notebook: true, Call: func() {
		exitWith("✗ pipe " + os.Getenv("GONB_PIPE"))()
	}, Want: "✗ pipe /"}})
	t.Run("group [x]", func(t *testing.T) {
		RunExits(t, []Exit{{Name: "third", Call: exitWith("✗ d"), Want: "✗ d"}})
	})
}
