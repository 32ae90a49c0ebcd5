package check_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/internal/badinput"
)

// finite reports whether x is a number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// verdict checks what a Result must be for got against want: ✓ only when
// both are finite and within tol, on one line, and with the values printed
// apart when they differ.
func verdict(r check.Result, got, want float64, tol check.Tol) error {
	s := r.String()
	ok := finite(got) && finite(want) && tol.Valid() == nil &&
		(got == want || math.Abs(got-want) <= math.Max(tol.Abs, tol.Rel*math.Abs(want)))
	switch {
	case r.OK != ok:
		return badinput.Wrong("%v against %v under %v: OK = %v: %s", got, want, tol, r.OK, s)
	case strings.Contains(s, "\n") || strings.Contains(s, "NaN") && finite(got) && finite(want) && tol.Valid() == nil:
		return badinput.Wrong("line %q", s)
	case !r.OK && got != want && finite(got) && finite(want) && r.Got == r.Want:
		return badinput.Wrong("a failure prints equal values: %s", s)
	}
	return nil
}

// Every exported function with bad and extreme input: an error (a ✗
// result) or a finite, correct result, never a panic or a hang.
func TestBadInput(t *testing.T) {
	t.Setenv(check.GradingEnv, "") // a pending answer is not a failure here
	var cases []badinput.Case
	for _, build := range []func() []badinput.Case{scalarCases, vecCases, countCases, otherCases} {
		cases = append(cases, build()...)
	}
	badinput.Run(t, cases)
	fs, n := badinput.Size(cases)
	t.Logf("bad-input table: %d functions, %d calls", fs, n)
}

// caseList collects cases that must succeed with a correct result.
type caseList []badinput.Case

func (l *caseList) add(name string, call func() error) {
	*l = append(*l, badinput.Case{Name: name, Call: call})
}

// scalarCases: Scalar, AnswerScalar, Within, Rel, AbsRel, Valid and String
// with every special value against itself and ordinary ones, under valid
// and invalid tolerances.
func scalarCases() []badinput.Case {
	var l caseList
	tols := []check.Tol{check.Rel(1e-9), check.AbsRel(1e-12, 1e-6), {}, check.Rel(-1), check.AbsRel(math.NaN(), 0), check.Rel(math.Inf(1))}
	for _, v := range badinput.Specials {
		for k, w := range []float64{v, 1, -1e-170, math.MaxFloat64} {
			if k > 0 && math.Float64bits(w) == math.Float64bits(v) {
				continue // tried as w = v
			}
			for _, tol := range tols {
				name := fmt.Sprintf("%v vs %v, %v", v, w, tol)
				l.add("Scalar/"+name, func() error { return verdict(check.Scalar("x", v, w, tol, "r"), v, w, tol) })
				l.add("AnswerScalar/"+name, func() error {
					r := check.AnswerScalar("x", v, w, tol, "hint")
					if math.IsNaN(v) {
						if !r.Pending || r.OK {
							return badinput.Wrong("NaN is not answered yet: %s", r)
						}
						return nil
					}
					return verdict(r, v, w, tol)
				})
				l.add("Within/"+name, func() error {
					if tol.Within(v, w) != check.Scalar("x", v, w, tol, "").OK {
						return badinput.Wrong("Within and Scalar disagree")
					}
					return nil
				})
			}
			l.add(fmt.Sprintf("Vec/[%v, 1] vs [%v, 1]", v, w), func() error {
				r := check.Vec("v", []float64{v, 1}, []float64{w, 1}, check.Rel(1e-9), "r")
				return verdict(r, v, w, check.Rel(1e-9))
			})
		}
		l.add(fmt.Sprint("Rel, AbsRel, Valid, String/", v), func() error {
			for _, tol := range []check.Tol{check.Rel(v), check.AbsRel(v, v)} {
				valid := finite(v) && v >= 0
				if (tol.Valid() == nil) != valid || strings.Contains(tol.String(), "\n") {
					return badinput.Wrong("%v: Valid %v", tol, tol.Valid())
				}
			}
			return nil
		})
	}
	return l
}

// vecCases: Vec and AnswerVec with nil, empty, mismatched, long,
// subnormal and overflowing vectors.
func vecCases() []badinput.Case {
	var l caseList
	long := make([]float64, 1_000_000)
	for _, tc := range []struct {
		name      string
		got, want []float64
		ok        bool
	}{
		{"nil vs nil", nil, nil, false}, {"empty vs nil", []float64{}, nil, false},
		{"nil vs [1]", nil, []float64{1}, false}, {"mismatched", []float64{1, 2}, []float64{1}, false},
		{"a million zeros", long, long, true},
		{"subnormals", []float64{5e-324, -5e-324}, []float64{5e-324, -5e-324}, true},
		{"overflowing difference", []float64{math.MaxFloat64}, []float64{-math.MaxFloat64}, false},
	} {
		l.add("Vec/"+tc.name, func() error {
			r := check.Vec("v", tc.got, tc.want, check.Rel(1e-9), "r")
			if r.OK != tc.ok || len(r.String()) > 400 {
				return badinput.Wrong("OK = %v, want %v; %d bytes: %.200s", r.OK, tc.ok, len(r.String()), r)
			}
			return nil
		})
		l.add("AnswerVec/"+tc.name, func() error {
			r := check.AnswerVec("v", tc.got, tc.want, check.Rel(1e-9), "h")
			if r.OK != tc.ok || r.Pending != (len(tc.got) == 0) {
				return badinput.Wrong("OK = %v, pending %v: %.200s", r.OK, r.Pending, r)
			}
			return nil
		})
	}
	return l
}

// countCases: Int with overflowing differences, AnswerCounts with nil,
// ragged, extreme and many wrong counts.
func countCases() []badinput.Case {
	var l caseList
	for _, tc := range []struct {
		got, want int64
		off       string
	}{
		{math.MaxInt64, math.MinInt64, "off by 18446744073709551615"},
		{math.MinInt64, math.MaxInt64, "off by -18446744073709551615"},
		{math.MinInt64, math.MinInt64, ""},
	} {
		l.add(fmt.Sprintf("Int/%d vs %d", tc.got, tc.want), func() error {
			if r := check.Int("n", tc.got, tc.want, "r"); r.Detail != tc.off || r.OK != (tc.off == "") {
				return badinput.Wrong("%s, want detail %q", r, tc.off)
			}
			return nil
		})
	}
	for _, tc := range []struct {
		name        string
		yours, want [][]int64
		ok, pending bool
	}{
		{"nil vs nil", nil, nil, false, true},
		{"nil want", [][]int64{{1}}, nil, false, false},
		{"ragged", [][]int64{{1, 2}}, [][]int64{{1}}, false, false},
		{"extremes", [][]int64{{math.MinInt64, math.MaxInt64}}, [][]int64{{math.MinInt64, math.MaxInt64}}, true, false},
		{"all zeros", [][]int64{make([]int64, 1000)}, [][]int64{append(make([]int64, 999), 1)}, false, true},
	} {
		l.add("AnswerCounts/"+tc.name, func() error {
			r := check.AnswerCounts("t", tc.yours, tc.want, nil, []string{}, "")
			if r.OK != tc.ok || r.Pending != tc.pending || len(r.String()) > 300 {
				return badinput.Wrong("OK %v, pending %v: %s", r.OK, r.Pending, r)
			}
			return nil
		})
	}
	many, wantMany := [][]int64{make([]int64, 1000)}, [][]int64{make([]int64, 1000)}
	for i := range many[0] {
		many[0][i], wantMany[0][i] = 1, 2
	}
	l.add("AnswerCounts/1000 wrong entries", func() error {
		r := check.AnswerCounts("t", many, wantMany, nil, nil, "")
		if r.OK || !strings.Contains(r.Detail, "and 995 more") {
			return badinput.Wrong("%s", r)
		}
		return nil
	})
	return l
}

// otherCases: Equal, True, AnswerChoice, Report, and the exiting functions
// where they do not exit.
func otherCases() []badinput.Case {
	var l caseList
	l.add("Equal/NaN", func() error {
		if r := check.Equal("x", math.NaN(), math.NaN(), "r"); r.OK {
			return badinput.Wrong("NaN equals NaN: %s", r)
		}
		return nil
	})
	l.add("Equal/newline", func() error {
		if s := check.Equal("x\ny", "a\nb", "a\nb", "r").String(); strings.Contains(s, "\n") {
			return badinput.Wrong("two lines: %q", s)
		}
		return nil
	})
	l.add("True/empty", func() error {
		if r := check.True("", true, ""); !r.OK || r.String() != "✓ " {
			return badinput.Wrong("%q", r)
		}
		return nil
	})
	for _, tc := range []struct{ yours, want string }{{"", ""}, {" \t", "x"}, {"A\n", "a"}, {"x", ""}} {
		l.add(fmt.Sprintf("AnswerChoice/%q vs %q", tc.yours, tc.want), func() error {
			r := check.AnswerChoice("c", tc.yours, tc.want, "")
			pending := strings.TrimSpace(tc.yours) == ""
			ok := !pending && strings.EqualFold(strings.TrimSpace(tc.yours), strings.TrimSpace(tc.want))
			if r.Pending != pending || r.OK != ok || strings.Contains(r.String(), "\n") {
				return badinput.Wrong("%q", r)
			}
			return nil
		})
	}
	l.add("Report/nil writer", func() error {
		if err := check.Report(nil, check.True("a", false, "")); !errors.Is(err, check.ErrFailed) {
			return badinput.Wrong("Report(nil, failed) = %v", err)
		}
		return nil
	})
	l.add("Report/no results", func() error { return check.Report(io.Discard) })
	l.add("ReportOrExit/passing", func() error { check.ReportOrExit(); return nil })
	l.add("ExitOnError/nil", func() error { check.ExitOnError(nil); return nil })
	l.add("HiddenOrExit/none", func() error { check.HiddenOrExit(); return nil })
	l.add("HiddenOrExit/passing and pending", func() error {
		check.HiddenOrExit(check.True("a", true, ""), check.AnswerVec("b", nil, []float64{1}, check.Tol{}, ""))
		return nil
	})
	l.add("OrExit/nil error", func() error {
		if v := check.OrExit(math.NaN(), nil); !math.IsNaN(v) {
			return badinput.Wrong("OrExit changed its value")
		}
		return nil
	})
	return l
}

// ReportOrExit, HiddenOrExit, OrExit and ExitOnError end the program with
// status 1 and a readable line (run in a child process: this test binary with helperEnv
// set).
const helperEnv = "HWKIT_CHECK_HELPER"

func TestExit(t *testing.T) {
	for _, tc := range []struct{ helper, stdout, stderr string }{
		{"ReportOrExit", "✗ x: got 1, want 2 (r): |Δ| = 1 exceeds tol exact\n✗ check failed: x\n", ""},
		{"OrExit", "", "✗ error: bad input\n"},
		{"ExitOnError", "", "✗ error: bad input\n"},
		// Hidden checks print only their failures outside grading.
		{"HiddenOrExit", "✗ x: got 1, want 2 (r): |Δ| = 1 exceeds tol exact\n✗ check failed: x\n", ""},
	} {
		t.Run(tc.helper, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
			cmd.Env = append(os.Environ(), helperEnv+"="+tc.helper, check.GradingEnv+"=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1", err)
			}
			if stdout.String() != tc.stdout || stderr.String() != tc.stderr {
				t.Errorf("stdout %q, stderr %q; want %q, %q", stdout.String(), stderr.String(), tc.stdout, tc.stderr)
			}
		})
	}
}

// TestHelperProcess is the child process of TestExit.
func TestHelperProcess(t *testing.T) {
	switch os.Getenv(helperEnv) {
	case "":
		t.Skip("runs as a child process of TestExit")
	case "ReportOrExit":
		check.ReportOrExit(check.Scalar("x", 1, 2, check.Tol{}, "r"))
	case "OrExit":
		check.OrExit(0, errors.New("bad input"))
	case "ExitOnError":
		check.ExitOnError(errors.New("bad input"))
	case "HiddenOrExit":
		check.HiddenOrExit(check.True("passes", true, ""), check.Scalar("x", 1, 2, check.Tol{}, "r"))
	}
	os.Exit(0)
}

// FuzzCompare compares arbitrary vectors: Vec never panics, passes exactly
// when every component would pass Scalar, and a pass means finite values.
func FuzzCompare(f *testing.F) {
	f.Add(badinput.Bytes(1, 2, 1, 2+1e-12), 0.0, 1e-9)
	f.Add(badinput.Bytes(math.Inf(1), math.NaN(), math.Inf(1), 0), 1.0, 1.0)
	f.Add(badinput.Bytes(5e-324, math.MaxFloat64, -5e-324, -math.MaxFloat64), 0.0, 0.0)
	f.Add(badinput.Bytes(1, 1), -1.0, math.NaN())
	f.Fuzz(func(t *testing.T, data []byte, abs, rel float64) {
		xs := badinput.Floats(data)
		half := len(xs) / 2
		got, want := xs[:half], xs[half:2*half]
		tol := check.AbsRel(abs, rel)
		r := check.Vec("v", got, want, tol, "r")
		all := half > 0
		for i := range got {
			s := check.Scalar("x", got[i], want[i], tol, "r")
			if err := verdict(s, got[i], want[i], tol); err != nil {
				t.Fatal(err)
			}
			all = all && s.OK
		}
		if r.OK != all {
			t.Fatalf("Vec OK = %v but the components' Scalar checks say %v: %s", r.OK, all, r)
		}
		if strings.Contains(r.String(), "\n") {
			t.Fatalf("two lines: %q", r)
		}
	})
}
