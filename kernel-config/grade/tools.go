package grade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/runner"
)

// gradeCache is the Go build cache kept for grading, in the repository's
// tools directory: hwkit and its dependencies compiled once, copied into
// each submission's sandbox.
const gradeCache = ".tools/grade-gocache"

// NewTools returns the grading tools of a set-up repository, with the
// default limits.
func NewTools(env runner.Env) (Tools, error) {
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
			return t, fmt.Errorf("%w: %v", runner.ErrNotSetUp, err)
		}
	}
	for _, tool := range []string{"bwrap", "prlimit"} {
		if _, err := exec.LookPath(tool); err != nil {
			return t, fmt.Errorf("%w: %s is missing (Debian packages bubblewrap, util-linux)", runner.ErrNotSetUp, tool)
		}
	}
	return t, nil
}

// graderFlags are the build flags of the grader's own programs (the
// checkers and the answer servers).
var graderFlags = []string{"-ldflags=-s -w"}

// warmFlags are the build flags Warm fills the cache for: the notebook
// cells' (the %goflags of their set-up cells, which GoNB uses when
// nbgrader executes a submission) and graderFlags.
var warmFlags = [][]string{{"-gcflags=all=-dwarf=false", "-ldflags=-s -w"}, graderFlags}

// Warm fills the grading build cache, when it is missing, by building a
// program that imports every hwkit package, with the flags of the notebooks'
// cells and with the answer servers' flags, offline.
//
// The cache is rebuilt when hwkit or the module's dependencies change (a
// stamp of their sources), starting from the old one.
func (t Tools) Warm(ctx context.Context) error {
	stampFile := t.GoCache + ".stamp"
	if t.unchangedSince(stampFile) {
		return nil
	}
	stamp, err := t.stamp()
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(stampFile); err == nil && string(old) == stamp {
		if _, err := os.Stat(t.GoCache); err == nil {
			return os.Chtimes(stampFile, time.Now(), time.Now())
		}
	}
	tmp := t.GoCache + ".new"
	os.RemoveAll(tmp)
	if _, err := os.Stat(t.GoCache); err == nil {
		if err := copyTree(t.GoCache, tmp); err != nil {
			return err
		}
	}
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
	for _, flags := range warmFlags {
		build := exec.CommandContext(ctx, filepath.Join(t.GOROOT, "bin", "go"), append(append([]string{"build"}, flags...), "-o", os.DevNull, ".")...)
		build.Dir = dir
		build.Env = t.goEnv(dir, tmp)
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("grade: warming the grading cache: %v\n%s", err, out)
		}
	}
	os.RemoveAll(t.GoCache)
	if err := os.Rename(tmp, t.GoCache); err != nil {
		return err
	}
	return os.WriteFile(stampFile, []byte(stamp), 0o644)
}

// unchangedSince reports whether the stamp file and the cache exist and
// no file that the cache compiles is newer than the stamp (a quick test
// before hashing them all).
func (t Tools) unchangedSince(stampFile string) bool {
	st, err := os.Stat(stampFile)
	if err != nil {
		return false
	}
	if _, err := os.Stat(t.GoCache); err != nil {
		return false
	}
	newer := false
	check := func(p string) {
		if fi, err := os.Stat(p); err != nil || fi.ModTime().After(st.ModTime()) {
			newer = true
		}
	}
	check(filepath.Join(t.Repo, "go.mod"))
	check(filepath.Join(t.Repo, "go.sum"))
	filepath.WalkDir(filepath.Join(t.Repo, "hwkit"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || newer {
			return fs.SkipAll
		}
		if !d.IsDir() {
			check(p)
		}
		return nil
	})
	return !newer
}

// stamp is a hash of what the grading cache compiles: the module's go.mod
// and go.sum, every file of hwkit, and the Go version.
func (t Tools) stamp() (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, warmFlags) // other flags, other cache entries
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(t.Repo, f))
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	err := filepath.WalkDir(filepath.Join(t.Repo, "hwkit"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	fmt.Fprint(h, t.GOROOT, runtime.Version())
	return hex.EncodeToString(h.Sum(nil)), nil
}

// BuildGrader builds kernel-config/cmd/grade into .tools/bin/hw2grade, the
// program nbgrader's preprocessor runs (setup.sh builds it too; tests call
// this so that they grade with the code they test).
func BuildGrader(ctx context.Context, env runner.Env) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", env.Path(".tools/bin/hw2grade"), "./kernel-config/cmd/grade")
	cmd.Dir = env.Repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("grade: building the grader: %v\n%s", err, out)
	}
	return nil
}
