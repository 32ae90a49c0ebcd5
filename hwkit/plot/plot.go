// Package plot draws a figure.Figure as a PNG and shows it in a GoNB
// notebook cell.
//
// It is split from package display so that only the cells that draw link
// the renderer: its font (Liberation Sans), font parser and PNG encoder
// add about 0.015 s of building and linking to a cell, and most cells show
// a table or an answer, not a plot.
//
// Plots are drawn by a small renderer of its own: lines, markers, nice and
// logarithmic ticks, a legend and text in Liberation Sans, rasterized with
// golang.org/x/image/vector and written as PNG. (gonum/plot, which drew them
// before, links twelve embedded fonts, TeX tables and image codecs into
// every cell that imports it: megabytes, and tens of milliseconds of
// linking per cell.) Drawing time and memory are bounded by the figure's
// size and point count, whatever the values. Plot text may mark a
// subscript or superscript that Unicode lacks with TeX's braces,
// "Δx_{nsd}", "‖g‖_{∞}" (see face.runs in raster.go).
//
// Each plot is one output with image/png (drawn at Scale×, its display
// width and height in the output metadata) and text/plain (a description
// of the series). Outside a notebook (go test, go run) only the
// description is printed. A figure that cannot be drawn ends the cell's
// program with a readable "✗ error: …" line, never a panic or a hang.
package plot

import (
	"os"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/display"
	"github.com/dl-course/hw2/hwkit/figure"
)

// Show draws f and shows it as a PNG (Scale× resolution, displayed at f's
// width) with a plain-text description. Outside a notebook it prints the
// description only, after checking that f can be drawn. If f cannot be
// drawn it prints "✗ error: …" on standard error and exits with status 1
// (a readable cell failure, not a panic).
func Show(f *figure.Figure) {
	if !display.InNotebook() {
		check.ExitOnError(f.Validate())
		display.Send(os.Stdout, display.Bundle{Data: map[string]any{"text/plain": f.String()}})
		return
	}
	display.Send(os.Stdout, check.OrExit(Bundle(f)))
}

// ShowAll shows several figures, one output each, in order; at the first
// one that cannot be drawn it ends the program as Show does, after showing
// the ones before it.
func ShowAll(fs ...*figure.Figure) {
	for _, f := range fs {
		Show(f)
	}
}

// Bundle draws f and returns its output bundle: image/png with the display
// width and height in the metadata, and text/plain. See PNG for the
// errors.
func Bundle(f *figure.Figure) (display.Bundle, error) {
	png, err := PNG(f)
	if err != nil {
		return display.Bundle{}, err
	}
	w, h := f.Size()
	return display.Bundle{
		Data: map[string]any{
			"image/png":  png,
			"text/plain": f.String(),
		},
		Metadata: map[string]any{
			"image/png": map[string]any{"width": int(w), "height": int(h)},
		},
	}, nil
}
