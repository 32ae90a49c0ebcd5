// Package notebooks holds the homework notebooks; its tests execute every
// notebook with the GoNB kernel and inspect the outputs.
//
// The tests need Jupyter and the GoNB kernel built by kernel-config/setup.sh
// (`make test` runs it first). Without them the execution tests skip, except
// when CI=true or HW2_REQUIRE_NOTEBOOKS=1, where they fail.
package notebooks

import (
	"context"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

// required lists, per notebook, the checks whose ✓ line must appear in the
// executed notebook (the text after "✓ ", up to any length), and the least
// number of tables and plots it must display. Each notebook's test file
// adds its entry in an init function; every notebook in this directory must
// have one.
var required = map[string]expectations{}

// expectations is what an executed notebook must show.
type expectations struct {
	checks  []string // ✓ lines, by prefix
	tables  int      // outputs with a text/html table
	figures int      // outputs with an image/png
}

// shared is what the tests share: the project's environment, a throw-away
// Jupyter data and config directory (so nothing of the user's Jupyter set-up
// leaks in), and the executed default notebooks.
var shared struct {
	once    sync.Once
	env     runner.Env
	dataDir string
	err     error

	mu   sync.Mutex
	runs map[string]*runner.Run
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dataDir != "" {
		os.RemoveAll(shared.dataDir)
	}
	os.Exit(code)
}

// requireJupyter reports whether a missing Jupyter must fail the tests.
func requireJupyter() bool {
	return os.Getenv("CI") == "true" || os.Getenv("HW2_REQUIRE_NOTEBOOKS") == "1"
}

// jupyter returns the environment, skipping or failing the test when
// Jupyter or the kernel is not set up.
func jupyter(t *testing.T) runner.Env {
	t.Helper()
	shared.once.Do(func() {
		repo, err := runner.FindRepo(".")
		if err != nil {
			shared.err = err
			return
		}
		env, err := runner.FindEnv(repo)
		if err != nil {
			shared.err = err
			return
		}
		dir, err := os.MkdirTemp("", "hw2-jupyter-data-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dataDir = dir
		// A user-wide "gonb" kernelspec whose binary no longer exists, as a
		// deleted second clone leaves behind: every notebook the tests run
		// proves that this checkout's own kernelspec wins over it.
		if err := writeDecoyKernel(filepath.Join(dir, "data")); err != nil {
			shared.err = err
			return
		}
		shared.env = env
		shared.runs = map[string]*runner.Run{}
	})
	if shared.err != nil {
		if errors.Is(shared.err, runner.ErrNotSetUp) && !requireJupyter() {
			t.Skipf("skipping notebook execution: %v", shared.err)
		}
		t.Fatalf("notebook environment: %v", shared.err)
	}
	return shared.env
}

// decoyGonb is the binary of the decoy user-wide kernelspec: it does not exist.
const decoyGonb = "/nonexistent/deleted-clone/.tools/bin/gonb"

// writeDecoyKernel writes a user-wide "gonb" kernelspec pointing at a
// binary that does not exist into the Jupyter data directory dir.
func writeDecoyKernel(dir string) error {
	kdir := filepath.Join(dir, "kernels", "gonb")
	if err := os.MkdirAll(kdir, 0o755); err != nil {
		return err
	}
	spec := `{"argv": ["` + decoyGonb + `", "--kernel", "{connection_file}"], "display_name": "Go (gonb)", "language": "go"}`
	return os.WriteFile(filepath.Join(kdir, "kernel.json"), []byte(spec+"\n"), 0o644)
}

// execEnv is the environment of every Jupyter process of the tests: the
// throw-away data, runtime and config directories (the user-wide data
// directory holds the decoy kernelspec) and no network for Go.
func execEnv() []string {
	return []string{
		"JUPYTER_DATA_DIR=" + filepath.Join(shared.dataDir, "data"),
		"JUPYTER_RUNTIME_DIR=" + filepath.Join(shared.dataDir, "runtime"),
		"JUPYTER_CONFIG_DIR=" + filepath.Join(shared.dataDir, "config"),
		"GOPROXY=off", "GOFLAGS=",
	}
}

// execute runs the notebook file src (with the shared kernel) into a
// temporary directory and returns the run.
func execute(t *testing.T, env runner.Env, src string) *runner.Run {
	t.Helper()
	return executeInto(t, env, src, t.TempDir())
}

// executeInto runs the notebook file src into the directory out.
func executeInto(t *testing.T, env runner.Env, src, out string) *runner.Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	start := time.Now()
	run, err := env.Execute(ctx, src, out, execEnv()...)
	if err != nil {
		t.Fatalf("executing %s: %v", src, err)
	}
	t.Logf("executed %s in %.1f s", filepath.Base(src), time.Since(start).Seconds())
	return run
}

// executed returns the executed default version of a committed notebook,
// running it once per test binary.
func executed(t *testing.T, name string) *runner.Run {
	t.Helper()
	env := jupyter(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if r, ok := shared.runs[name]; ok {
		return r
	}
	// The shared runs outlive the test that made them: they go into the
	// throw-away Jupyter data directory, removed by TestMain.
	r := executeInto(t, env, name, filepath.Join(shared.dataDir, "executed"))
	shared.runs[name] = r
	return r
}

// notebooks lists the committed notebooks in this directory.
func notebooks(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no notebooks found")
	}
	return names
}

// TestNotebookSources checks the committed notebooks without running them:
// nbformat 4, the gonb kernelspec, no outputs or execution counts, a set-up
// cell that links the repository, a parameters cell, and an entry in required.
func TestNotebookSources(t *testing.T) {
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			n, err := nb.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range sourceProblems(n) {
				t.Error(p)
			}
			if _, ok := required[name]; !ok {
				t.Errorf("no entry for %s in required: list the checks its execution must show", name)
			}
		})
	}
	if env := jupyterIfAvailable(t); env != nil {
		if err := env.Validate(notebooks(t)...); err != nil {
			t.Error(err)
		}
		// Committed files are exactly what `make clean-notebooks` writes.
		args := append([]string{env.Config("nbtool.py"), "clean", "--check"}, notebooks(t)...)
		if out, err := env.Command(context.Background(), ".", nil, args...).CombinedOutput(); err != nil {
			t.Errorf("%v\n%s", err, out)
		}
	}
}

// jupyterIfAvailable is jupyter without skipping: nil when not set up and
// not required.
func jupyterIfAvailable(t *testing.T) *runner.Env {
	var env *runner.Env
	t.Run("jupyter", func(t *testing.T) {
		e := jupyter(t)
		env = &e
	})
	return env
}

// TestExecuteNotebooks executes every notebook with the GoNB kernel, offline,
// and checks that no cell fails, no check reports ✗, the required ✓ lines
// appear, no output is a Go panic trace, and the result is valid nbformat.
func TestExecuteNotebooks(t *testing.T) {
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			run := executed(t, name)
			assertClean(t, run)
			text := allText(run.Notebook)
			exp := required[name]
			for _, want := range exp.checks {
				if !strings.Contains(text, "\n✓ "+want) {
					t.Errorf("missing check line %q", "✓ "+want)
				}
			}
			tables, figures := countDisplays(run.Notebook)
			if tables < exp.tables || figures < exp.figures {
				t.Errorf("%d tables and %d figures displayed, want at least %d and %d", tables, figures, exp.tables, exp.figures)
			}
			if err := shared.env.Validate(run.Path); err != nil {
				t.Error(err)
			}
		})
	}
}

// assertClean fails the test for every problem cleanProblems finds.
func assertClean(t *testing.T, run *runner.Run) {
	t.Helper()
	for _, p := range cleanProblems(run.Notebook) {
		t.Error(p)
	}
	t.Logf("%d ✓ lines", strings.Count(allText(run.Notebook), "\n✓ "))
}

// cleanProblems lists, for an executed notebook, every error output, every
// ✗ line, every Go panic trace, and the absence of any ✓ line.
func cleanProblems(n *nb.Notebook) []string {
	var out []string
	for _, e := range n.Errors() {
		out = append(out, e.Error())
	}
	for i, c := range n.Cells {
		text := c.Text()
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "✗") {
				out = append(out, fmt.Sprintf("cell %d (%s): %s", i, c.FirstLine(), line))
			}
		}
		if showsPanic(text) {
			out = append(out, fmt.Sprintf("cell %d (%s) shows a Go panic trace:\n%s", i, c.FirstLine(), text))
		}
	}
	if !strings.Contains(allText(n), "\n✓ ") {
		out = append(out, "no ✓ check lines in the executed notebook")
	}
	return out
}

// sourceProblems lists what makes a committed notebook unclean: outputs,
// execution counts, a kernel other than gonb, no set-up or parameters cell.
func sourceProblems(n *nb.Notebook) []string {
	var out []string
	if got := n.KernelName(); got != "gonb" {
		out = append(out, fmt.Sprintf("kernelspec name %q, want gonb", got))
	}
	for i, c := range n.Cells {
		if len(c.Outputs) > 0 {
			out = append(out, fmt.Sprintf("cell %d (%s) has %d committed outputs: run `make clean-notebooks`", i, c.FirstLine(), len(c.Outputs)))
		}
		if c.ExecutionCount != nil {
			out = append(out, fmt.Sprintf("cell %d (%s) has execution count %d: run `make clean-notebooks`", i, c.FirstLine(), *c.ExecutionCount))
		}
	}
	for i, c := range n.Cells {
		// pandoc (nbconvert's LaTeX/PDF route) reads the text between two
		// "---" lines of one cell as YAML metadata and aborts.
		if c.CellType == "markdown" && len(regexp.MustCompile(`(?m)^---[ \t]*$`).FindAllString(c.Source, -1)) > 1 {
			out = append(out, fmt.Sprintf("markdown cell %d (%s) has two --- rules: pandoc reads the text between them as YAML and the PDF export fails; use *** for one of them", i, c.FirstLine()))
		}
	}
	for i, c := range n.Cells {
		// JupyterLab 4 and Notebook 7 lose a formula whose closing $ is
		// followed directly by a code span: `$x$`name`` renders with literal
		// backticks and broken math (the render gate shows it; a code span
		// followed by a $ is fine).
		if c.CellType == "markdown" && codeTouchesMathRE.MatchString(c.Source) {
			out = append(out, fmt.Sprintf("markdown cell %d (%s) has a code span touching a formula ($ followed by a backtick): JupyterLab shows it broken; put a space or a word between them", i, c.FirstLine()))
		}
	}
	for i, c := range n.Cells {
		if c.CellType == "code" && !c.HasTag(nb.SetupTag) {
			out = append(out, goStyleProblems(i, c)...)
		}
	}
	code := n.Code()
	if len(code) == 0 || !code[0].HasTag(nb.SetupTag) || !strings.Contains(code[0].Source, "go work use") {
		out = append(out, `the first code cell must be the set-up cell (tag "setup") linking the repository with go work use`)
	}
	params := 0
	for _, c := range code {
		if c.HasTag("parameters") {
			params++
		}
	}
	if params != 1 {
		out = append(out, fmt.Sprintf(`%d cells tagged "parameters", want 1`, params))
	}
	return out
}

func allText(n *nb.Notebook) string {
	var b strings.Builder
	b.WriteString("\n")
	for _, c := range n.Cells {
		b.WriteString(c.Text())
	}
	return b.String()
}

// withParameters returns a copy of the notebook file src, written into a
// temporary directory next to nothing else, with assignments in the cell
// tagged "parameters" replaced: each key of set names a variable whose line
// `name = ...` gets the new right-hand side.
func withParameters(t *testing.T, src string, set map[string]string) string {
	t.Helper()
	n, err := nb.Read(src)
	if err != nil {
		t.Fatal(err)
	}
	var params *nb.Cell
	for _, c := range n.Code() {
		if c.HasTag("parameters") {
			params = c
		}
	}
	if params == nil {
		t.Fatalf("%s has no cell tagged parameters", src)
	}
	for name, value := range set {
		re := regexp.MustCompile(`(?m)^(\s*` + regexp.QuoteMeta(name) + `(\s+[\w.\[\]]+)?\s*=\s*)([^/\n]*?)(\s*(//.*)?)$`)
		if !re.MatchString(params.Source) {
			t.Fatalf("parameter %q not found in the parameters cell:\n%s", name, params.Source)
		}
		params.Source = re.ReplaceAllString(params.Source, "${1}"+strings.ReplaceAll(value, "$", "$$")+"${4}")
	}
	dir := variantDir(t)
	out := filepath.Join(dir, src)
	if err := n.Write(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// errorCells returns, for an executed notebook, the texts of the cells that
// failed, in order.
func errorCells(n *nb.Notebook) []string {
	var out []string
	for _, e := range n.Errors() {
		out = append(out, fmt.Sprintf("cell %d: %s", e.Index, e.Message))
	}
	return out
}

// countDisplays counts the displayed tables (text/html holding a <table>)
// and figures (image/png) of an executed notebook.
func countDisplays(n *nb.Notebook) (tables, figures int) {
	for _, c := range n.Cells {
		for _, o := range c.Outputs {
			if o.OutputType != "display_data" {
				continue
			}
			if strings.Contains(o.DataText("text/html"), "<table") {
				tables++
			}
			if _, ok := o.Data["image/png"]; ok {
				figures++
			}
		}
	}
	return tables, figures
}

// codeTouchesMathRE finds a code span right after a dollar.
var codeTouchesMathRE = regexp.MustCompile("\\$`")

// maxColumns is the widest code line (tabs counted as 4) a cell may have:
// wider lines wrap in the PDF exports and scroll in narrow windows.
const maxColumns = 92

// goStyleProblems reports a code cell that gofmt would change or that has
// lines wider than maxColumns. GoNB's own lines (%% and other magics, !
// shell lines) are left out; the declarations before %% are formatted as a
// file, the statements after it as the body of main.
func goStyleProblems(i int, c *nb.Cell) []string {
	var out []string
	decls, body := nb.SplitGo(c.Source)
	for _, l := range strings.Split(c.Source, "\n") {
		if w := len(strings.ReplaceAll(l, "\t", "    ")); w > maxColumns && utf8.RuneCountInString(strings.ReplaceAll(l, "\t", "    ")) > maxColumns {
			out = append(out, fmt.Sprintf("cell %d (%s): a line of %d columns (max %d): %s", i, c.FirstLine(), utf8.RuneCountInString(strings.ReplaceAll(l, "\t", "    ")), maxColumns, strings.TrimSpace(l)))
		}
	}
	src := strings.TrimSpace(decls)
	if src != "" {
		if got, err := format.Source([]byte("package cell\n\n" + src + "\n")); err != nil {
			out = append(out, fmt.Sprintf("cell %d (%s): declarations do not parse: %v", i, c.FirstLine(), err))
		} else if want := strings.TrimSpace(strings.TrimPrefix(string(got), "package cell\n")); want != src {
			out = append(out, fmt.Sprintf("cell %d (%s): not gofmt-formatted; gofmt gives:\n%s", i, c.FirstLine(), want))
		}
	}
	if body != "" {
		src := body
		got, err := format.Source([]byte("package cell\n\nfunc main() {\n" + src + "\n}\n"))
		if err != nil {
			return append(out, fmt.Sprintf("cell %d (%s): body does not parse: %v", i, c.FirstLine(), err))
		}
		lines := strings.Split(strings.TrimSpace(string(got)), "\n")
		lines = lines[3 : len(lines)-1] // drop "package", blank, "func main() {" and "}"
		for k, l := range lines {
			lines[k] = strings.TrimPrefix(l, "\t")
		}
		if want := strings.Join(lines, "\n"); strings.TrimSpace(want) != strings.TrimSpace(src) {
			out = append(out, fmt.Sprintf("cell %d (%s): the body after %%%% is not gofmt-formatted; gofmt gives:\n%s", i, c.FirstLine(), want))
		}
	}
	return out
}

// badParameter is a parameter change that makes no sense: the cells that
// use it must fail with a readable error, and one of them must say want.
type badParameter struct {
	name, param, value, want string
}

// testBadParameters executes the notebook once per change and requires that
// some cell fails, that every failing cell shows "✗ error: "+prefix (a
// readable error from that package, not a compile error or a panic), that
// one of them says the change's message, and that no cell shows a Go panic
// trace.
func testBadParameters(t *testing.T, notebook, prefix string, cases []badParameter) {
	env := jupyter(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, notebook, map[string]string{tc.param: tc.value}))
			errs := run.Notebook.Errors()
			if len(errs) == 0 {
				t.Fatalf("%s = %s: no cell failed", tc.param, tc.value)
			}
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e.Message, tc.want)
				if !strings.Contains(e.Message, "✗ error: "+prefix) {
					t.Errorf("cell %d fails without a readable %q error: %s", e.Index, prefix, e.Message)
				}
			}
			if !found {
				t.Errorf("no failing cell says %q; errors:\n%s", tc.want, strings.Join(errorCells(run.Notebook), "\n"))
			}
			for i, c := range run.Notebook.Cells {
				if out := c.Text(); showsPanic(out) {
					t.Errorf("cell %d shows a Go panic trace:\n%s", i, out)
				}
			}
			t.Logf("%d cells fail, each with a readable error", len(errs))
		})
	}
}

// requireLines requires each of want in the executed notebook's text.
func requireLines(t *testing.T, run *runner.Run, want []string) {
	t.Helper()
	text := allText(run.Notebook)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in the executed notebook", w)
		}
	}
}

// variantDir returns a throw-away directory for a variant of a notebook
// (other parameters, a student version, a fixture), removed when the test
// ends. It lies next to the notebooks, not in /tmp: the kernel's working
// directory must stay in the repository, where the set-up cell finds hwkit.
// (A dot-directory: Jupyter servers do not list it.)
func variantDir(t *testing.T) string { return tempDirHere(t, ".variant-") }

// servedDir is variantDir for notebooks a Jupyter server opens: a visible
// directory (servers hide dot-directories), git-ignored as client-run-*.
func servedDir(t *testing.T) string { return tempDirHere(t, "client-run-") }

func tempDirHere(t *testing.T, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp(".", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// panicRE matches what a Go panic prints: "panic: …" at the start of a line
// and the goroutine header of its trace.
var panicRE = regexp.MustCompile(`(?m)^(panic: |goroutine \d+ \[)`)

// showsPanic reports whether a cell's output shows a Go panic trace.
func showsPanic(out string) bool { return panicRE.MatchString(out) }

func TestShowsPanic(t *testing.T) {
	trace := "✓ ok\npanic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n"
	if !showsPanic(trace) || !showsPanic("goroutine 7 [chan receive]:\n") {
		t.Error("a panic trace went unnoticed")
	}
	if showsPanic("✓ every goroutine worker holds the sum   [8 goroutines, no panic: clean]") {
		t.Error("a check line that mentions goroutines counts as a panic")
	}
}
