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
	saved := derivativeFree
	derivativeFree = nil
	defer func() { derivativeFree = saved }()
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
