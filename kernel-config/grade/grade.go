package grade

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// Limits bound what a submission may use.
type Limits struct {
	Memory   int64         // address space of every process of a submission, bytes
	Cell     time.Duration // one cell in the kernel run
	Notebook time.Duration // the whole kernel run
	Call     time.Duration // one call of an answer function
	Part     time.Duration // building and checking one part
}

// DefaultLimits are the limits of `nbgrader autograde` with the project's
// configuration.
var DefaultLimits = Limits{Memory: 4 << 30, Cell: 60 * time.Second, Notebook: 5 * time.Minute,
	Call: 10 * time.Second, Part: 90 * time.Second}

// Tools are the programs and directories grading uses.
type Tools struct {
	Repo      string // the repository: go.mod, go.sum, hwkit/, .venv, .tools
	Python    string // the project's Python (nbconvert, to run the kernel)
	Goimports string // adds the imports of generated programs
	GoCache   string // a Go build cache kept for grading, copied into each sandbox
	GOROOT    string
	ModCache  string
	Limits    Limits
	// Log, when set, receives progress lines (times of the steps).
	Log func(format string, args ...any)
}

// Part is one autograded part of a notebook: its test cell and the answer
// cells before it (since the previous test cell).
type Part struct {
	ID      string  // the test cell's grade_id
	Points  float64 // its points
	Test    int     // index of the test cell in the source notebook
	First   int     // index of the part's first cell (after the previous test cell)
	Answers []int   // indices of the part's answer cells in the source
	Funcs   []signature
}

// Verdict is the grade of one part.
type Verdict struct {
	Part   string  // grade_id of the test cell
	Points float64 // the part's points
	Passed bool
	// Output holds the checker's lines (✓ and ✗), as the feedback shows them.
	Output string
	// Reason says why the part failed when the checker did not say it: a
	// changed locked cell, a declaration that reaches the checks, an answer
	// that does not compile, a time limit.
	Reason string
}

// Parts lists the autograded parts of the source notebook, with the answer
// functions each test cell calls and their signatures from the source.
func Parts(source *nb.Notebook) ([]Part, error) {
	sigs := map[string]signature{}
	var parts []Part
	first := 0
	var answers []int
	for i, c := range source.Cells {
		switch RoleOf(c) {
		case Answer:
			if c.CellType != "code" {
				continue
			}
			answers = append(answers, i)
			ss, err := signatures(c.Source)
			if err != nil {
				return nil, cellError(i, c, err)
			}
			for _, s := range ss {
				sigs[s.name] = s
			}
		case Test:
			if c.CellType != "code" {
				continue
			}
			names, err := calledAnswers(c.Source)
			if err != nil {
				return nil, cellError(i, c, err)
			}
			p := Part{ID: GradeID(c), Points: Points(c), Test: i, First: first, Answers: answers}
			for _, n := range names {
				s, ok := sigs[n]
				if !ok {
					return nil, cellError(i, c, fmt.Errorf("calls %s, which no answer cell before it declares", n))
				}
				p.Funcs = append(p.Funcs, s)
			}
			parts = append(parts, p)
			first, answers = i+1, nil
		}
	}
	return parts, nil
}

// byID maps grade_id to cell for the cells of n that have one.
func byID(n *nb.Notebook) map[string]*nb.Cell {
	m := map[string]*nb.Cell{}
	for _, c := range n.Cells {
		if id := GradeID(c); id != "" {
			m[id] = c
		}
	}
	return m
}

// hwkitPackages are the package names of hwkit: the notebook's machinery.
var hwkitPackages = []string{"check", "display", "plot", "figure", "table", "lsq", "steepest", "derivfree", "comm"}

// notebookNames lists what the instructor's cells (all but the answers)
// declare and import: names an answer must not redeclare.
func notebookNames(source *nb.Notebook) map[string]bool {
	names := map[string]bool{}
	for _, p := range hwkitPackages {
		names[p] = true
	}
	for _, c := range source.Cells {
		if c.CellType != "code" || RoleOf(c) == Answer {
			continue
		}
		imports, decls, err := cellDecls(c.Source)
		if err != nil {
			continue
		}
		for _, im := range imports {
			f := strings.Fields(im)
			if len(f) == 2 {
				names[f[0]] = true
			} else {
				names[path.Base(strings.Trim(f[0], `"`))] = true
			}
		}
		for _, d := range decls {
			for _, n := range d.names {
				names[n] = true
			}
		}
	}
	return names
}

// answerProblems lists what makes an answer cell of the submission reach
// beyond its answer: an init or main (which would run before or instead of
// the checks in the notebook's kernel), a redeclared name of the notebook
// (a package of hwkit, a parameter, a helper). A cell that does not parse is
// not a problem here: it is a compile error of its part. (Calling hwkit is
// allowed: the notebooks' own solutions use its helpers, e.g. the one tie
// rule; an answer is graded by its values like any other.)
func answerProblems(src string, notebook map[string]bool) (tamper []string) {
	_, decls, err := cellDecls(src)
	if err != nil {
		return nil
	}
	for _, d := range decls {
		for _, n := range d.names {
			switch {
			case d.init:
				tamper = append(tamper, "declares func "+n+", which would run before the checks")
			case notebook[n] && !answerFuncRE.MatchString(n):
				tamper = append(tamper, "redeclares "+n+", a name of the notebook")
			}
		}
	}
	return tamper
}

// trustedProgram collects the declarations of the source notebook's cells
// before the cell at index end, except the answer cells.
func trustedProgram(source *nb.Notebook, end int) (*program, error) {
	p := &program{}
	for i := 0; i < end; i++ {
		c := source.Cells[i]
		if c.CellType != "code" || RoleOf(c) == Answer {
			continue
		}
		imports, decls, err := cellDecls(c.Source)
		if err != nil {
			return nil, cellError(i, c, err)
		}
		p.add(imports, decls)
	}
	return p, nil
}

// allFuncs returns the signatures of every answer function the source's
// answer cells before the cell at index end declare.
func allFuncs(source *nb.Notebook, end int) []signature {
	seen := map[string]bool{}
	var out []signature
	for i := 0; i < end; i++ {
		c := source.Cells[i]
		if RoleOf(c) != Answer || c.CellType != "code" {
			continue
		}
		ss, _ := signatures(c.Source)
		for _, s := range ss {
			if !seen[s.name] {
				seen[s.name] = true
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// checkerSource is the trusted program of a part: the source's
// declarations, a calling stub for every answer function, the test cell
// (hidden tests included) as main.
func checkerSource(source *nb.Notebook, p Part, limits Limits) (string, error) {
	prog, err := trustedProgram(source, p.Test)
	if err != nil {
		return "", err
	}
	test := source.Cells[p.Test]
	imports, decls, err := cellDecls(test.Source)
	if err != nil {
		return "", cellError(p.Test, test, err)
	}
	prog.add(imports, decls)
	prog.add([]string{`"encoding/gob"`, `"fmt"`, `"os"`, `"strings"`, `"time"`}, nil)
	var extra []string
	for _, s := range allFuncs(source, p.Test) {
		extra = append(extra, s.stub())
	}
	extra = append(extra, clientRuntime(limits.Call))
	_, body := nb.SplitGo(test.Source)
	return prog.source(body, extra...), nil
}

// serverSource is the answer server of a part: the source's declarations
// before the test cell, then the given answer cells of the submission, the
// server's runtime and its dispatch of every answer function.
func serverSource(source *nb.Notebook, p Part, answers []string) (string, error) {
	prog, err := trustedProgram(source, p.Test)
	if err != nil {
		return "", err
	}
	for _, a := range answers {
		imports, decls, err := cellDecls(a)
		if err != nil {
			return "", err
		}
		prog.add(imports, decls)
	}
	prog.add([]string{`"encoding/gob"`, `"fmt"`, `"os"`}, nil)
	// Dispatch only what the included answers declare: a function of a part
	// left out (its cell does not compile) is answered as missing.
	declared := map[string]bool{}
	for _, a := range answers {
		ss, _ := signatures(a)
		for _, s := range ss {
			declared[s.name] = true
		}
	}
	var sigs []signature
	for _, s := range allFuncs(source, p.Test) {
		if declared[s.name] {
			sigs = append(sigs, s)
		}
	}
	return prog.source(serverMain(sigs), serverRuntime), nil
}

// goModule writes a module for a generated program into dir, in a
// workspace with the repository (as GoNB builds a cell), and runs
// goimports on its source.
func (t Tools) goModule(ctx context.Context, dir, src string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		"go.mod":  "module hw2grade\n\ngo 1.26.0\n",
		"go.work": "go 1.26.0\n\nuse (\n\t.\n\t" + t.Repo + "\n)\n",
		"main.go": src,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, t.Goimports, "-w", "main.go")
	cmd.Dir = dir
	cmd.Env = t.goEnv(dir, "")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("goimports: %v\n%s", err, out)
	}
	return nil
}

// goEnv is the environment of the Go tool: offline, no cgo, the given
// cache (empty: the default one).
func (t Tools) goEnv(dir, cache string) []string {
	env := []string{"PATH=" + filepath.Join(t.GOROOT, "bin") + ":/usr/bin:/bin", "HOME=" + dir,
		"GOROOT=" + t.GOROOT, "GOMODCACHE=" + t.ModCache, "GOPROXY=off", "GOFLAGS=", "GOTOOLCHAIN=local",
		"CGO_ENABLED=0", "GOTELEMETRY=off", "GOWORK=" + filepath.Join(dir, "go.work")}
	if cache == "" {
		cache = os.Getenv("GOCACHE")
		if cache == "" {
			if c, err := os.UserCacheDir(); err == nil {
				cache = filepath.Join(c, "go-build")
			}
		}
	}
	return append(env, "GOCACHE="+cache)
}

// checkers caches the built checker of each part by the hash of its source:
// it is the same for every submission of an assignment.
var checkers struct {
	sync.Mutex
	built map[string]string
}

// buildChecker builds the trusted checker (outside any sandbox: it holds
// no student code) and returns the path of its binary.
func (t Tools) buildChecker(ctx context.Context, src, work string) (string, error) {
	sum := sha256.Sum256([]byte(src))
	key := hex.EncodeToString(sum[:8])
	checkers.Lock()
	defer checkers.Unlock()
	if bin, ok := checkers.built[key]; ok {
		if _, err := os.Stat(bin); err == nil {
			return bin, nil
		}
	}
	dir := filepath.Join(work, "checker-"+key)
	if err := t.goModule(ctx, dir, src); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "checker")
	cmd := exec.CommandContext(ctx, filepath.Join(t.GOROOT, "bin", "go"), slices.Concat([]string{"build", "-o", bin}, graderFlags, []string{"."})...)
	cmd.Dir = dir
	cmd.Env = t.goEnv(dir, "")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the checker (the instructor's test cell): %v\n%s", err, out)
	}
	if checkers.built == nil {
		checkers.built = map[string]string{}
	}
	checkers.built[key] = bin
	return bin, nil
}

// sandbox returns the sandbox of a submission's scratch directory: the Go
// toolchain, the module cache, the repository's go.mod, go.sum and hwkit,
// read-only; the scratch directory writable.
func (t Tools) sandbox(scratch string, extra ...string) Sandbox {
	ro := []string{t.GOROOT, t.ModCache, filepath.Join(t.Repo, "go.mod"), filepath.Join(t.Repo, "go.sum"), filepath.Join(t.Repo, "hwkit")}
	return Sandbox{Scratch: scratch, ReadOnly: append(ro, extra...), Memory: t.Limits.Memory}
}

// scratchCache copies the grading build cache into a sandbox's scratch
// directory (each submission gets its own: one cannot poison another's).
func (t Tools) scratchCache(scratch string) (string, error) {
	dst := filepath.Join(scratch, "gocache")
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	if _, err := os.Stat(t.GoCache); err != nil {
		return dst, os.MkdirAll(dst, 0o755)
	}
	return dst, copyTree(t.GoCache, dst)
}

// buildServer builds an answer server from src inside the sandbox and
// returns the binary's path, or the compiler's complaint.
func (t Tools) buildServer(ctx context.Context, scratch, name, src string) (string, error) {
	dir := filepath.Join(scratch, name)
	if err := t.goModule(ctx, dir, src); err != nil {
		return "", err
	}
	cache, err := t.scratchCache(scratch)
	if err != nil {
		return "", err
	}
	sb := t.sandbox(scratch)
	sb.Env, sb.Dir = t.goEnv(dir, cache), dir
	bin := filepath.Join(dir, "server")
	cmd, err := sb.Command(ctx, filepath.Join(t.GOROOT, "bin", "go"), slices.Concat([]string{"build", "-o", bin}, graderFlags, []string{"."})...)
	if err != nil {
		return "", err
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", compileError(string(out), dir)
	}
	return bin, nil
}

// parseError shortens a parse error of a cell (the cell's lines are shifted
// by the package clause the parser was given).
func parseError(err error) string {
	return strings.TrimPrefix(err.Error(), "cell.go:")
}

var compileLineRE = regexp.MustCompile(`(?m)^\./main\.go:\d+:\d+: .*$`)

// compileError turns the Go compiler's output into a short message.
func compileError(out, dir string) error {
	lines := compileLineRE.FindAllString(out, 5)
	if len(lines) == 0 {
		return errors.New(strings.TrimSpace(strings.ReplaceAll(out, dir, ".")))
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "./main.go:")
	}
	return errors.New(strings.Join(lines, "; "))
}

// GradePart grades one part: static checks of the answer cells, then the
// checker against the sandboxed answer server. touched, when not empty,
// says which locked or test cell of the part was changed: the part then
// gets no points.
func (t Tools) GradePart(ctx context.Context, source, sub *nb.Notebook, p Part, work, touched string) Verdict {
	v := Verdict{Part: p.ID, Points: p.Points}
	fail := func(reason string) Verdict { v.Reason = reason; return v }
	if touched != "" {
		return fail("no points: the locked cell " + touched + " was changed")
	}
	subCells := byID(sub)
	notebook := notebookNames(source)
	var mine, all []string // this part's answer cells; those of every part up to it
	for i := 0; i <= p.Test; i++ {
		sc := source.Cells[i]
		if RoleOf(sc) != Answer || sc.CellType != "code" {
			continue
		}
		c, ok := subCells[GradeID(sc)]
		if !ok {
			continue // deleted: its functions are missing
		}
		// Only the cells that declare answer functions (func your…) go into
		// the answer server; the other solution cells (a computation the
		// student redoes) only run in the kernel, for the feedback. Every
		// solution cell of the part must keep away from the checks.
		sigs, _ := signatures(sc.Source)
		answerCell := len(sigs) > 0
		if i >= p.First {
			tamper := answerProblems(c.Source, notebook)
			if len(tamper) > 0 {
				return fail("no points: tampering: the answer cell " + GradeID(sc) + " " + strings.Join(tamper, "; "))
			}
			if !answerCell {
				continue
			}
			if _, _, err := cellDecls(c.Source); err != nil {
				return fail("your answer does not compile: " + parseError(err))
			}
			mine = append(mine, c.Source)
		}
		if _, _, err := cellDecls(c.Source); err == nil && answerCell {
			all = append(all, c.Source)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, t.Limits.Part)
	defer cancel()
	checkSrc, err := checkerSource(source, p, t.Limits)
	if err != nil {
		return fail("grader error: " + err.Error())
	}
	checker, err := t.buildChecker(ctx, checkSrc, work)
	if err != nil {
		return fail("grader error: " + err.Error())
	}
	scratch := filepath.Join(work, "sub")
	var server string
	var buildErr error
	for k, answers := range [][]string{all, mine} {
		src, err := serverSource(source, p, answers)
		if err != nil {
			buildErr = err
			continue
		}
		if server, buildErr = t.buildServer(ctx, scratch, fmt.Sprintf("server-%s-%d", p.ID, k), src); buildErr == nil {
			break
		}
	}
	if buildErr != nil {
		if ctx.Err() != nil {
			return fail("no points: building your answer took longer than " + t.Limits.Part.String())
		}
		return fail("your answer does not compile: " + buildErr.Error())
	}
	return t.check(ctx, v, checker, server, scratch)
}

// check runs the checker against the answer server (in the sandbox, with
// the memory limit) and turns the checker's output into the verdict.
func (t Tools) check(ctx context.Context, v Verdict, checker, server, scratch string) Verdict {
	reqR, reqW, err := os.Pipe()
	if err != nil {
		v.Reason = "grader error: " + err.Error()
		return v
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		v.Reason = "grader error: " + err.Error()
		return v
	}
	sb := Sandbox{ReadOnly: []string{server}, Memory: t.Limits.Memory, Dir: "/tmp",
		Env: []string{"HOME=/tmp", "GOMAXPROCS=2", "PATH=/usr/bin:/bin"}}
	srv, err := sb.Command(ctx, server)
	if err != nil {
		v.Reason = "grader error: " + err.Error()
		return v
	}
	var srvErr bytes.Buffer
	srv.ExtraFiles = []*os.File{reqR, repW}
	srv.Stdout, srv.Stderr = &srvErr, &srvErr
	if err := srv.Start(); err != nil {
		v.Reason = "grader error: " + err.Error()
		return v
	}
	reqR.Close()
	repW.Close()
	defer func() {
		if srv.Process != nil {
			srv.Process.Kill()
		}
		srv.Wait()
	}()

	chk := exec.CommandContext(ctx, checker)
	chk.Env = append(os.Environ(), "HW2_GRADING=1")
	chk.Dir = filepath.Dir(checker)
	chk.ExtraFiles = []*os.File{reqW, repR}
	var out bytes.Buffer
	chk.Stdout, chk.Stderr = &out, &out
	err = chk.Run()
	reqW.Close()
	repR.Close()
	v.Output = strings.TrimRight(out.String(), "\n")
	switch {
	case ctx.Err() != nil:
		v.Reason = "no points: the part did not finish within " + t.Limits.Part.String()
	case err != nil:
		v.Reason = "a check failed"
	case strings.Contains("\n"+v.Output, "\n✗"):
		v.Reason = "a check failed"
	default:
		v.Passed = true
	}
	return v
}
