// Package figure describes line plots as plain data: titled axes and named
// series of (x, y) points.
//
// Numeric packages build figures without linking any plotting code; the
// display package draws them (gonum/plot) and String gives the text form that
// plain-text front ends and tests see.
package figure

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// Style is how a series is drawn.
type Style int

const (
	// Line draws the points joined by a solid line (the default).
	Line Style = iota
	// Dashed draws a dashed line, e.g. for a reference or a bound.
	Dashed
	// Points draws markers only.
	Points
	// LinePoints draws a solid line with markers.
	LinePoints
)

// Series is one named curve.
type Series struct {
	// Name is the legend entry; empty means no legend entry.
	Name string
	// X and Y hold the points; they must have the same length.
	X, Y []float64
	// Style selects line, dashes or markers.
	Style Style
	// Color picks the palette colour: 0 means by position in the figure,
	// k > 0 the k-th palette colour, so that related series (a component and
	// its limit) share a colour.
	Color int
}

// Figure is a line plot.
type Figure struct {
	// Title is drawn above the plot.
	Title string
	// XLabel and YLabel name the axes, with units where there are any.
	XLabel, YLabel string
	// LogX and LogY select logarithmic axes. Points with a non-positive
	// coordinate on a log axis are left out when drawing.
	LogX, LogY bool
	// Series holds the curves in legend order.
	Series []Series
	// Width and Height are the display size in CSS pixels; zero means
	// DefaultWidth × DefaultHeight.
	Width, Height float64
	// XRange and YRange fix an axis's extent; the zero Range means "fit the
	// data".
	XRange, YRange Range
	// EqualAspect draws one unit of x as long as one unit of y (for
	// geometry: unit balls, directions), widening one axis's extent if needed.
	// It applies to linear axes only.
	EqualAspect bool
}

// Range is an axis extent [Min, Max]; the zero value means automatic.
type Range struct{ Min, Max float64 }

// Set reports whether the range is given (Max > Min).
func (r Range) Set() bool { return r.Max > r.Min }

// Default display size in CSS pixels (the legend sits right of the plot).
const (
	DefaultWidth  = 600
	DefaultHeight = 330
)

// New returns an empty figure with a title and axis labels.
func New(title, xlabel, ylabel string) *Figure {
	return &Figure{Title: title, XLabel: xlabel, YLabel: ylabel}
}

// Add appends a series and returns the figure, for chaining.
func (f *Figure) Add(name string, x, y []float64, style Style) *Figure {
	f.Series = append(f.Series, Series{Name: name, X: x, Y: y, Style: style})
	return f
}

// Size returns the display size in points, applying the defaults.
func (f *Figure) Size() (w, h float64) {
	w, h = f.Width, f.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return w, h
}

// Validate reports whether the figure can be drawn: at least one series,
// matching X and Y lengths, and at least one finite point (positive on log
// axes) in some series.
func (f *Figure) Validate() error {
	if len(f.Series) == 0 {
		return errors.New("figure: no series to plot")
	}
	drawable := 0
	for _, s := range f.Series {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("figure: series %q has %d x values but %d y values", s.Name, len(s.X), len(s.Y))
		}
		for i := range s.X {
			if f.Drawable(s.X[i], s.Y[i]) {
				drawable++
			}
		}
	}
	if drawable == 0 {
		return errors.New("figure: no finite point to plot (non-positive values on a log axis are left out)")
	}
	for _, r := range []struct {
		name string
		r    Range
		log  bool
	}{{"XRange", f.XRange, f.LogX}, {"YRange", f.YRange, f.LogY}} {
		if r.r != (Range{}) && !(r.r.Set() && !math.IsInf(r.r.Min, 0) && !math.IsInf(r.r.Max, 0)) {
			return fmt.Errorf("figure: %s [%v, %v] must have finite Min < Max", r.name, r.r.Min, r.r.Max)
		}
		if r.log && r.r.Set() && r.r.Min <= 0 {
			return fmt.Errorf("figure: %s starts at %v, not positive, on a log axis", r.name, r.r.Min)
		}
	}
	return nil
}

// Drawable reports whether the point (x, y) can be drawn on this figure's
// axes: both finite, and positive on a log axis.
func (f *Figure) Drawable(x, y float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return false
	}
	if f.LogX && x <= 0 || f.LogY && y <= 0 {
		return false
	}
	return true
}

// String describes the figure in plain text: the title, the axes and, per
// series, the number of points and the first and last point. It is what
// plain-text front ends show in place of the image.
func (f *Figure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[plot] %s\n", f.Title)
	scale := func(log bool) string {
		if log {
			return " (log)"
		}
		return ""
	}
	fmt.Fprintf(&b, "  x: %s%s; y: %s%s\n", f.XLabel, scale(f.LogX), f.YLabel, scale(f.LogY))
	for _, s := range f.Series {
		name := s.Name
		if name == "" {
			name = "(unnamed)"
		}
		if len(s.X) == 0 || len(s.X) != len(s.Y) {
			fmt.Fprintf(&b, "  %s: %d points\n", name, min(len(s.X), len(s.Y)))
			continue
		}
		last := len(s.X) - 1
		fmt.Fprintf(&b, "  %s: %d points, (%s, %s) … (%s, %s)\n", name, len(s.X),
			table.Float(s.X[0]), table.Float(s.Y[0]), table.Float(s.X[last]), table.Float(s.Y[last]))
	}
	return b.String()
}
