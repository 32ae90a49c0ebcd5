// Command student writes the student version of every notebook: solution
// regions replaced by stubs, outputs cleared (`make student`).
//
//	go run ./kernel-config/cmd/student [-out exports/student] [NOTEBOOK...]
//
// Mark solutions in code cells with lines `// BEGIN SOLUTION` and
// `// END SOLUTION` (replaced by `// TODO: your code here`), and in markdown
// cells with `<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->` (replaced
// by `*Your derivation here.*`). An unbalanced or nested marker is an error
// naming the notebook, the cell and the line.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

func main() {
	out := flag.String("out", "", "output directory (default: exports/student in the repository)")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "[student] error:", err)
		os.Exit(1)
	}
}

func run(out string, notebooks []string) error {
	repo, err := runner.FindRepo(".")
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(repo, "exports", "student")
	}
	if len(notebooks) == 0 {
		notebooks, _ = filepath.Glob(filepath.Join(repo, "notebooks", "*.ipynb"))
		sort.Strings(notebooks)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, src := range notebooks {
		n, err := nb.Read(src)
		if err != nil {
			return err
		}
		s, regions, err := nb.StudentVersion(n)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(src), err)
		}
		dst := filepath.Join(out, filepath.Base(src))
		if err := s.Write(dst); err != nil {
			return err
		}
		code := 0
		for _, r := range regions {
			if r.Code {
				code++
			}
		}
		fmt.Fprintf(os.Stderr, "[student] %s: %d code and %d markdown solution regions replaced\n",
			dst, code, len(regions)-code)
	}
	return nil
}
