// Command course makes an nbgrader course directory for the homework's
// notebooks: `make course DIR=...` runs it.
//
//	go run ./kernel-config/cmd/course -dir DIR [-assignment hw2] [-course hw2course] [NOTEBOOK...]
//
// It writes DIR/nbgrader_config.py (the project's nbgrader settings:
// kernel-config/grading/hw2_nbgrader.py) and copies the notebooks (default:
// all of notebooks/) to DIR/source/ASSIGNMENT/. The exchange directory of
// release, fetch and submit is DIR/exchange. Then, in DIR, with the
// project's nbgrader (.venv/bin/nbgrader): generate_assignment,
// release_assignment, collect, autograde, generate_feedback.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dl-course/hw2/kernel-config/grade"
	"github.com/dl-course/hw2/kernel-config/runner"
)

func main() {
	dir := flag.String("dir", "", "the course directory to make")
	assignment := flag.String("assignment", "hw2", "the assignment's name")
	course := flag.String("course", "hw2course", "the course id")
	flag.Parse()
	if err := run(*dir, *assignment, *course, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "[course] error:", err)
		os.Exit(1)
	}
}

func run(dir, assignment, course string, notebooks []string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	repo, err := runner.FindRepo(".")
	if err != nil {
		return err
	}
	env := runner.Env{Repo: repo}
	if len(notebooks) == 0 {
		notebooks, _ = filepath.Glob(env.Path("notebooks/*.ipynb"))
		sort.Strings(notebooks)
	}
	if err := grade.NewCourse(env, dir, assignment, course, notebooks); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "[course] %s: %d notebooks in source/%s, nbgrader_config.py, exchange/\n", dir, len(notebooks), assignment)
	return nil
}
