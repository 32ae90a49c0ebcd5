// Command grade grades one submitted notebook against its source without
// trusting the submission: nbgrader's autograde calls it (through the
// project's preprocessor, kernel-config/grading/hw2_nbgrader.py) in place of
// running the notebook itself.
//
//	go run ./kernel-config/cmd/grade -source SRC.ipynb -submission SUB.ipynb -out OUT.ipynb [-changed ID,ID]
//	go run ./kernel-config/cmd/grade -warm
//
// It writes the notebook for the feedback to OUT (the submission run in the
// sandboxed GoNB kernel, each autograded test cell holding the source's text
// and the checker's verdict: nbgrader scores a test cell with an error output
// 0) and prints one line per part. -changed names the locked and test cells
// the submission changed. -warm fills the grading build cache and exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/grade"
	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

func main() {
	source := flag.String("source", "", "the instructor's source notebook")
	submission := flag.String("submission", "", "the submitted notebook (after nbgrader's sanitizing)")
	out := flag.String("out", "", "where to write the graded notebook")
	changed := flag.String("changed", "", "comma-separated grade_ids of locked and test cells the submission changed")
	warm := flag.Bool("warm", false, "only fill the grading build cache")
	flag.Parse()
	if err := run(*source, *submission, *out, *changed, *warm); err != nil {
		fmt.Fprintln(os.Stderr, "[grade] error:", err)
		os.Exit(1)
	}
}

func run(source, submission, out, changed string, warm bool) error {
	repo, err := runner.FindRepo(".")
	if err != nil {
		exe, _ := os.Executable()
		if repo, err = runner.FindRepo(exe); err != nil {
			return err
		}
	}
	env, err := runner.LocateEnv(repo)
	if err != nil {
		return err
	}
	tools, err := grade.NewTools(env)
	if err != nil {
		return err
	}
	tools.Log = func(format string, args ...any) { fmt.Fprintf(os.Stderr, "[grade] "+format+"\n", args...) }
	ctx := context.Background()
	if err := tools.Warm(ctx); err != nil {
		return err
	}
	if warm {
		return nil
	}
	if source == "" || submission == "" || out == "" {
		return fmt.Errorf("-source, -submission and -out are required")
	}
	src, err := nb.Read(source)
	if err != nil {
		return err
	}
	sub, err := nb.Read(submission)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "hw2-grade-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	var ids []string
	if changed != "" {
		ids = strings.Split(changed, ",")
	}
	start := time.Now()
	graded, verdicts, err := tools.Grade(ctx, src, sub, ids, work)
	if err != nil {
		return err
	}
	for _, v := range verdicts {
		status := "passed"
		if !v.Passed {
			status = "failed: " + v.Reason
		}
		fmt.Fprintf(os.Stderr, "[grade] %s (%g points): %s\n", v.Part, v.Points, status)
	}
	fmt.Fprintf(os.Stderr, "[grade] %s graded in %.1f s\n", submission, time.Since(start).Seconds())
	return graded.Write(out)
}
