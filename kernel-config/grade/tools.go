package grade

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// gradeCache is the Go build cache kept for grading, in the repository's
// tools directory: hwkit and its dependencies compiled once, copied into
// each submission's sandbox.
const gradeCache = ".tools/grade-gocache"

// NewTools returns the grading tools of a set-up repository, with the
// default limits.
func NewTools(env nb.Env) (Tools, error) {
	t := Tools{Repo: env.Repo, Python: env.Python, Goimports: env.Path(".tools/bin/goimports"),
		GoCache: env.Path(gradeCache), Limits: DefaultLimits}
	for _, v := range []struct {
		name string
		dst  *string
	}{{"GOROOT", &t.GOROOT}, {"GOMODCACHE", &t.ModCache}} {
		out, err := exec.Command("go", "env", v.name).Output()
		if err != nil {
			return t, fmt.Errorf("grade: go env %s: %v", v.name, err)
		}
		*v.dst = strings.TrimSpace(string(out))
	}
	for _, p := range []string{t.Goimports, t.Python} {
		if _, err := os.Stat(p); err != nil {
			return t, fmt.Errorf("%w: %v", nb.ErrNotSetUp, err)
		}
	}
	for _, tool := range []string{"bwrap", "prlimit"} {
		if _, err := exec.LookPath(tool); err != nil {
			return t, fmt.Errorf("%w: %s is missing (Debian packages bubblewrap, util-linux)", nb.ErrNotSetUp, tool)
		}
	}
	return t, nil
}

// Warm fills the grading build cache, when it is missing, by building a
// program that imports every hwkit package, with the flags of the notebooks'
// cells and with the answer servers' flags, offline.
func (t Tools) Warm(ctx context.Context) error {
	if _, err := os.Stat(t.GoCache); err == nil {
		return nil
	}
	tmp := t.GoCache + ".new"
	os.RemoveAll(tmp)
	dir, err := os.MkdirTemp("", "hw2-grade-warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	list := exec.CommandContext(ctx, filepath.Join(t.GOROOT, "bin", "go"), "list", "./hwkit/...")
	list.Dir = t.Repo
	out, err := list.Output()
	if err != nil {
		return fmt.Errorf("grade: go list ./hwkit/...: %v", err)
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for _, p := range strings.Fields(string(out)) {
		src.WriteString("\t_ \"" + p + "\"\n")
	}
	src.WriteString("\t_ \"encoding/gob\"\n)\n\nfunc main() {}\n")
	if err := t.goModule(ctx, dir, src.String()); err != nil {
		return err
	}
	for _, flags := range [][]string{{"-tags=minimal", "-ldflags=-s -w"}, {"-ldflags=-s -w"}} {
		build := exec.CommandContext(ctx, filepath.Join(t.GOROOT, "bin", "go"), append(append([]string{"build"}, flags...), "-o", os.DevNull, ".")...)
		build.Dir = dir
		build.Env = t.goEnv(dir, tmp)
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("grade: warming the grading cache: %v\n%s", err, out)
		}
	}
	return os.Rename(tmp, t.GoCache)
}
