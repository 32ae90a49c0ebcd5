// Package figure describes line plots as plain data: titled axes and named
// series of (x, y) points.
//
// Numeric packages build figures without linking any plotting code;
// package plot draws them and String gives the text form that
// plain-text front ends and tests see. Sizes are CSS pixels, bounded by
// MinSize and MaxSize, and a figure holds at most MaxSeries series, so that
// every figure that validates can be drawn in bounded time and memory.
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
	// Dotted draws a dotted line.
	Dotted
	// DashDot draws a line of alternating dashes and dots.
	DashDot
	// Band draws a wide line in a light tint of the series' colour, beneath
	// every other series, e.g. for a bound that other curves touch: a curve
	// drawn on the band stays visible.
	Band
	// Floor draws a thin line and shades the region below it lightly,
	// beneath every other series: a lower bound, under which no curve can
	// lie. A curve above the line stays clear of the shade.
	Floor
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
	// Marker picks the marker shape of Points and LinePoints: 0 (or less) means by
	// position among the figure's series with markers, k > 0 the k-th shape
	// (circle, square, triangle, diamond, inverted triangle, then again),
	// so that a series keeps its marker in every figure.
	Marker int
	// Hollow draws the markers of Points as outlines, beneath the lines of
	// the other series, so that a curve they sit on shows through them.
	Hollow bool
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
	// Width and Height are the display size in CSS pixels (1/96 inch);
	// zero means DefaultWidth × DefaultHeight. Validate accepts zero or a
	// value in [MinSize, MaxSize].
	Width, Height float64
	// XRange and YRange fix an axis's extent; the zero Range means "fit the
	// data".
	XRange, YRange Range
	// EqualAspect draws one unit of x as long as one unit of y (for
	// geometry: unit balls, directions), widening one axis's extent if needed.
	// It applies to linear axes only.
	EqualAspect bool
	// Note is a line of text (wrapped if long) drawn below the plot, e.g.
	// which curves coincide; empty means none. It takes its room from the
	// data area, not from the page.
	Note string
}

// Range is an axis extent [Min, Max]; the zero value means automatic.
type Range struct {
	Min, Max float64 // the ends, in data units (Min > 0 on a log axis)
}

// IsSet reports whether the range fixes the axis (Max > Min); the zero
// Range, and any other with Max ≤ Min, leaves the extent to the data.
func (r Range) IsSet() bool { return r.Max > r.Min }

// Display sizes in CSS pixels (1/96 inch). The default leaves room for a
// legend to the right of the plot. Width and Height outside
// [MinSize, MaxSize] are rejected by Validate: a figure must have room for
// its axes, and its image (Scale × the size in each direction) must stay a
// few megabytes.
const (
	DefaultWidth  = 600
	DefaultHeight = 330
	MinSize       = 120
	MaxSize       = 1600
)

// MaxSeries is the largest number of series Validate accepts (each series
// is one pass of the rasterizer; the palette repeats after a few anyway).
const MaxSeries = 100

// New returns an empty figure with a title and axis labels.
func New(title, xlabel, ylabel string) *Figure {
	return &Figure{Title: title, XLabel: xlabel, YLabel: ylabel}
}

// Add appends a series and returns the figure, for chaining. On a nil
// figure it starts a new, untitled one. The slices are kept, not copied.
func (f *Figure) Add(name string, x, y []float64, style Style) *Figure {
	if f == nil {
		f = &Figure{}
	}
	f.Series = append(f.Series, Series{Name: name, X: x, Y: y, Style: style})
	return f
}

// Size returns the display size in CSS pixels: Width and Height, with zero
// (or a negative or NaN value) replaced by the default and anything else
// clamped to [MinSize, MaxSize], so that the result is always drawable.
// Validate reports the values Size has to correct, other than zero.
func (f *Figure) Size() (w, h float64) {
	if f == nil {
		return DefaultWidth, DefaultHeight
	}
	return size(f.Width, DefaultWidth), size(f.Height, DefaultHeight)
}

func size(v, def float64) float64 {
	if !(v > 0) {
		return def
	}
	return min(max(v, MinSize), MaxSize)
}

// Validate reports whether the figure can be drawn: a non-nil figure with
// at least one and at most MaxSeries series, matching X and Y lengths, at
// least one finite point (positive on log axes) in some series, a display
// size of zero (the default) or within [MinSize, MaxSize], and finite axis
// ranges with Min < Max (Min > 0 on a log axis).
func (f *Figure) Validate() error {
	if f == nil {
		return errors.New("figure: no figure (a nil *figure.Figure)")
	}
	if len(f.Series) == 0 {
		return errors.New("figure: no series to plot")
	}
	if len(f.Series) > MaxSeries {
		return fmt.Errorf("figure: %d series, more than the %d a figure can show", len(f.Series), MaxSeries)
	}
	for _, d := range []struct {
		name string
		v    float64
	}{{"Width", f.Width}, {"Height", f.Height}} {
		if d.v != 0 && !(d.v >= MinSize && d.v <= MaxSize) {
			return fmt.Errorf("figure: %s %v CSS pixels is outside [%d, %d] (0 means the default)", d.name, d.v, MinSize, MaxSize)
		}
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
		if r.r != (Range{}) && !(r.r.IsSet() && !math.IsInf(r.r.Min, 0) && !math.IsInf(r.r.Max, 0)) {
			return fmt.Errorf("figure: %s [%v, %v] must have finite Min < Max", r.name, r.r.Min, r.r.Max)
		}
		if r.log && r.r.IsSet() && r.r.Min <= 0 {
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
	if f != nil && (f.LogX && x <= 0 || f.LogY && y <= 0) {
		return false
	}
	return true
}

// String describes the figure in plain text: the title, the axes and, per
// series, the number of points and the first and last point, then the
// note. It is what plain-text front ends show in place of the image.
func (f *Figure) String() string {
	if f == nil {
		return "[plot] no figure\n"
	}
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
	if f.Note != "" {
		fmt.Fprintf(&b, "  note: %s\n", strings.Join(strings.Fields(f.Note), " "))
	}
	return b.String()
}
