package steepest

import (
	"errors"
	"strings"
	"testing"
)

// TestNoMethodWithoutRegistration: with no derivative-free method
// registered, MinimizeSquared takes the interior-point norms and says what
// to import for the others.
func TestNoMethodWithoutRegistration(t *testing.T) {
	// The hook is global: this test must not run in parallel with others.
	saved := derivativeFree
	derivativeFree = nil
	t.Cleanup(func() { derivativeFree = saved })
	lp, err := NewLp(3)
	if err != nil {
		t.Fatal(err)
	}
	g := []float64{1, -2, 0.5}
	_, err = MinimizeSquared(lp, g, 0.5)
	if !errors.Is(err, ErrNoMethod) || !strings.Contains(err.Error(), `import _ "github.com/dl-course/hw2/hwkit/steepest/derivfree"`) {
		t.Errorf("ℓp without a registered method: %v", err)
	}
	if _, err := MinimizeSquared(L1{}, g, 0.5); err != nil {
		t.Errorf("ℓ1 needs no registered method: %v", err)
	}
}

func TestRegisterDerivativeFreePanics(t *testing.T) {
	saved := derivativeFree
	t.Cleanup(func() { derivativeFree = saved })
	for name, set := range map[string]func(){
		"nil": func() { derivativeFree = nil; RegisterDerivativeFree(nil) },
		"twice": func() {
			derivativeFree = nil
			m := func(func([]float64) float64, []float64) (Numeric, error) { return Numeric{}, nil }
			RegisterDerivativeFree(m)
			RegisterDerivativeFree(m)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			set()
		}()
	}
}

// A registered method that returns the wrong number of coordinates is an
// error, not an index panic later.
func TestDerivativeFreeWrongLength(t *testing.T) {
	saved := derivativeFree
	t.Cleanup(func() { derivativeFree = saved })
	derivativeFree = func(f func([]float64) float64, x0 []float64) (Numeric, error) {
		return Numeric{X: []float64{0}, F: f(x0)}, nil
	}
	lp, err := NewLp(3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MinimizeSquared(lp, []float64{1, 2}, 1); !errors.Is(err, ErrNoConvergence) {
		t.Errorf("wrong length: %v", err)
	}
}
