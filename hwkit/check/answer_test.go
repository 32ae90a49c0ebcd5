package check_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/check"
)

// A student's answer: pending while empty, ✓ when right, ✗ with what
// differs and a hint when wrong. Pending answers do not fail a report.
func ExampleAnswerVec() {
	want := []float64{0.990001, 0.0990001, 0.00990001} // what the notebook computes
	hint := "SGD moves θ along a"
	var yours []float64
	fmt.Println(check.AnswerVec("θ∞ (SGD)", yours, want, check.Rel(1e-6), hint))
	yours = []float64{0.990001, 0.0990001, 0.00990001}
	fmt.Println(check.AnswerVec("θ∞ (SGD)", yours, want, check.Rel(1e-6), hint))
	yours = []float64{1, 0.1, 0.01}
	fmt.Println(check.AnswerVec("θ∞ (SGD)", yours, want, check.Rel(1e-6), hint))
	// Output:
	// … θ∞ (SGD): not answered yet (hint: SGD moves θ along a)
	// ✓ θ∞ (SGD) = [0.990001, 0.0990001, 0.00990001]   [matches the notebook's value; max |Δ| = 0, tol rel 1e-06]
	// ✗ θ∞ (SGD): got [1, 0.1, 0.01], want [0.990001, 0.0990001, 0.00990001] (the notebook's value): component 1 differs (1 vs 0.990001); |Δ| = 0.009999 exceeds tol rel 1e-06 (hint: SGD moves θ along a)
}

func ExampleAnswerCounts() {
	want := [][]int64{{12, 12}, {8, 12}, {24, 3}} // messages, size per algorithm (n = 4, p = 12)
	rows, cols := []string{"all-to-all", "parameter server", "ring"}, []string{"messages", "size"}
	yours := [][]int64{{12, 12}, {8, 12}, {12, 3}}
	fmt.Println(check.AnswerCounts("message table", yours, want, rows, cols, "each pass of the ring sends n messages"))
	fmt.Println(check.AnswerCounts("message table", [][]int64{{0, 0}, {0, 0}, {0, 0}}, want, rows, cols, ""))
	// Output:
	// ✗ message table (the notebook's counts): ring/messages: 12, want 24 (hint: each pass of the ring sends n messages)
	// … message table: not answered yet
}

func TestAnswers(t *testing.T) {
	t.Setenv(check.GradingEnv, "") // in a student's notebook, not while grading
	if r := check.AnswerScalar("x", math.NaN(), 1, check.Rel(0), "h"); !r.Pending || r.OK {
		t.Errorf("NaN answer: %+v", r)
	}
	if r := check.AnswerScalar("x", 1, 1, check.Rel(0), "h"); !r.OK || r.Hint != "" {
		t.Errorf("right answer: %+v", r)
	}
	if r := check.AnswerChoice("regime", " Unbounded ", "unbounded", ""); !r.OK {
		t.Errorf("choice: %v", r)
	}
	if r := check.AnswerChoice("regime", "zero", "unbounded", "compare ‖g‖₁ with 1/α"); r.OK || !strings.Contains(r.String(), "hint: compare") {
		t.Errorf("wrong choice: %v", r)
	}
	if r := check.AnswerCounts("t", [][]int64{{1}}, [][]int64{{1}, {2}}, nil, nil, ""); r.OK || !strings.Contains(r.Detail, "1 rows, want 2") {
		t.Errorf("shape: %v", r)
	}
	if r := check.AnswerCounts("t", [][]int64{{1, 2}}, [][]int64{{1, 2}}, nil, nil, ""); !r.OK {
		t.Errorf("right counts: %v", r)
	}
	// Pending answers do not fail a report; wrong ones do.
	err := check.Report(io.Discard, check.AnswerVec("a", nil, []float64{1}, check.Rel(0), ""))
	if err != nil {
		t.Errorf("pending answer failed the report: %v", err)
	}
	err = check.Report(io.Discard, check.AnswerVec("a", []float64{2}, []float64{1}, check.Rel(0), ""))
	if !errors.Is(err, check.ErrFailed) {
		t.Errorf("wrong answer passed the report: %v", err)
	}
}

// Via names the route an answer is compared with, on ✓ and ✗ lines alike,
// and leaves a pending answer as it is.
func ExampleResult_Via() {
	num := []float64{-0.32, 0.2} // a numerical minimizer
	tol := check.AbsRel(1e-6, 0)
	fmt.Println(check.AnswerVec("your u", []float64{-0.32, 0.2}, num, tol, "").Via("the numerical minimizer"))
	fmt.Println(check.AnswerVec("your u", []float64{-0.3, 0.2}, num, tol, "∇J = 0").Via("the numerical minimizer"))
	fmt.Println(check.AnswerVec("your u", nil, num, tol, "∇J = 0").Via("the numerical minimizer"))
	// Output:
	// ✓ your u = [-0.32, 0.2]   [matches the numerical minimizer; max |Δ| = 0, tol abs 1e-06]
	// ✗ your u: got [-0.3, 0.2], want [-0.32, 0.2] (the numerical minimizer): component 1 differs (-0.3 vs -0.32); |Δ| = 0.02 exceeds tol abs 1e-06 (hint: ∇J = 0)
	// … your u: not answered yet (hint: ∇J = 0)
}

func TestPendingFailsWhileGrading(t *testing.T) {
	pending := check.AnswerVec("your θ∞", nil, []float64{1}, check.Rel(1e-9), "hint")
	var b strings.Builder
	if err := check.Report(&b, pending); err != nil || !strings.Contains(b.String(), "not answered yet") {
		t.Errorf("outside grading: %v, %q", err, b.String())
	}
	t.Setenv(check.GradingEnv, "1")
	b.Reset()
	if err := check.Report(&b, pending); err == nil || b.String() != "✗ your θ∞: not answered\n" {
		t.Errorf("while grading: %v, %q", err, b.String())
	}
}

func ExampleHiddenOrExit() {
	// Outside grading a passing hidden test prints nothing.
	check.HiddenOrExit(check.AnswerScalar("your sum at a = [1, 2]", 3, 3, check.Rel(0), ""))
	fmt.Println("done")
	// Output: done
}
