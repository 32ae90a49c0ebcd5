// Command annotate writes the nbgrader metadata of the notebooks' cells
// from what each cell is (grade.Annotate), keeping the points already set;
// `make nbgrader-meta` runs it on every notebook, then cleans them.
//
//	go run ./kernel-config/cmd/annotate NOTEBOOK...
package main

import (
	"fmt"
	"os"

	"github.com/dl-course/hw2/kernel-config/grade"
	"github.com/dl-course/hw2/kernel-config/nb"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: annotate NOTEBOOK...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		if err := annotate(path); err != nil {
			fmt.Fprintf(os.Stderr, "[annotate] %s: %v\n", path, err)
			os.Exit(1)
		}
	}
}

func annotate(path string) error {
	n, err := nb.Read(path)
	if err != nil {
		return err
	}
	if err := grade.Annotate(n); err != nil {
		return err
	}
	auto, manual := 0.0, 0.0
	for _, c := range n.Cells {
		switch grade.RoleOf(c) {
		case grade.Test:
			auto += grade.Points(c)
		case grade.ManualAnswer:
			manual += grade.Points(c)
		}
	}
	fmt.Fprintf(os.Stderr, "[annotate] %s: %g points autograded, %g graded by hand\n", path, auto, manual)
	return n.Write(path)
}
