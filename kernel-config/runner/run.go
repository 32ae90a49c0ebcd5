// Package runner runs the notebooks of the repository: it finds the checkout
// and the Python environment set-up made, executes notebooks with nbconvert
// on the GoNB kernel, and exports them (HTML, Markdown, Chromium PDF and
// screenshots, the LaTeX PDF). The notebook model itself is package nb.
package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// Env locates what running notebooks needs: the repository, the project's
// Python environment (.venv, with Jupyter) and the GoNB binary, both made by
// kernel-config/setup.sh.
type Env struct {
	Repo   string // repository root (holds go.mod)
	Python string // .venv/bin/python: JupyterLab, Notebook 7, nbconvert, nbclient
	Gonb   string // the gonb binary
}

// ErrNotSetUp is wrapped by FindEnv's error when Jupyter or GoNB is missing.
var ErrNotSetUp = errors.New("Jupyter or the GoNB kernel is not set up (run `make setup` or kernel-config/setup.sh)")

// ModulePath is the path of the repository's Go module.
const ModulePath = "github.com/dl-course/hw2"

// Where the set-up (kernel-config/setup.sh) puts things and where the
// configuration lives, relative to the repository root: the one place that
// names these paths.
const (
	venvPython   = ".venv/bin/python"
	gonbBinary   = ".tools/bin/gonb"
	chromiumFile = ".tools/chromium" // the path of the Chromium binary setup.sh found
	configDir    = "kernel-config"
)

// FindRepo walks up from dir to the directory holding the module's go.mod.
func FindRepo(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module "+ModulePath+"\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("nb: no go.mod of %s above %s", ModulePath, dir)
		}
	}
}

// FindEnv checks that setup has run for the repository at repo: the
// project's Python environment imports Jupyter, and .tools/bin/gonb exists.
func FindEnv(repo string) (Env, error) {
	e, err := LocateEnv(repo)
	if err != nil {
		return e, err
	}
	if out, err := exec.Command(e.Python, "-c", "import jupyterlab, notebook, nbconvert, nbclient, nbformat").CombinedOutput(); err != nil {
		return e, fmt.Errorf("%w: %s cannot import Jupyter: %v\n%s", ErrNotSetUp, e.Python, err, out)
	}
	return e, nil
}

// LocateEnv is FindEnv without starting Python: it only checks that the
// environment's files exist (for tools that run often, like the grader).
func LocateEnv(repo string) (Env, error) {
	e := Env{Repo: repo}
	e.Python, e.Gonb = e.Path(venvPython), e.Path(gonbBinary)
	if _, err := os.Stat(e.Python); err != nil {
		return e, fmt.Errorf("%w: no project Python environment: %v", ErrNotSetUp, err)
	}
	if _, err := os.Stat(e.Gonb); err != nil {
		return e, fmt.Errorf("%w: %v", ErrNotSetUp, err)
	}
	return e, nil
}

// Path returns the path of a file of the repository given relative to its
// root with slashes, e.g. Path(".venv/bin/python").
func (e Env) Path(rel string) string { return filepath.Join(e.Repo, filepath.FromSlash(rel)) }

// Config returns the path of a file of kernel-config/, given relative to it
// with slashes, e.g. Config("nbconvert/templates").
func (e Env) Config(rel string) string { return e.Path(configDir + "/" + rel) }

// JupyterEnv is the environment every Jupyter process of the project gets on
// top of the caller's: the kernelspecs of this checkout's environment win
// over any user-wide one (another checkout's "gonb" cannot shadow ours).
func JupyterEnv() []string { return []string{"JUPYTER_PREFER_ENV_PATH=1"} }

// Command returns a command running the project's Python with args, in dir,
// with JupyterEnv and env added to the caller's environment, and the
// environment's bin directory first in PATH (as in an activated venv: tools
// such as nbgrader call their companions, e.g. alembic, by name).
func (e Env) Command(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, e.Python, args...)
	cmd.Dir = dir
	path := filepath.Dir(e.Python) + string(os.PathListSeparator) + os.Getenv("PATH")
	cmd.Env = append(append(append(os.Environ(), "PATH="+path), JupyterEnv()...), env...)
	return cmd
}

// KernelSpecs returns what `jupyter kernelspec list` resolves in the
// project's environment with env added: kernel name to its kernel.json argv.
func (e Env) KernelSpecs(ctx context.Context, env ...string) (map[string][]string, error) {
	out, err := e.Command(ctx, e.Repo, env, "-m", "jupyter_client.kernelspecapp", "list", "--json").Output()
	if err != nil {
		return nil, fmt.Errorf("nb: jupyter kernelspec list: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			Spec struct {
				Argv []string `json:"argv"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		return nil, fmt.Errorf("nb: jupyter kernelspec list: %v", err)
	}
	specs := map[string][]string{}
	for name, k := range list.Kernelspecs {
		specs[name] = k.Spec.Argv
	}
	return specs, nil
}

// Run holds the result of executing one notebook.
type Run struct {
	Notebook *nb.Notebook // the executed notebook
	Path     string       // where it was written
	Log      string       // nbconvert's and the kernel's stderr
}

// Execute runs the notebook src with the gonb kernel via nbconvert, with
// --allow-errors so every cell runs and errors stay in the outputs, and
// writes the executed notebook into outDir. env is added to the environment
// (e.g. JUPYTER_DATA_DIR, GOPROXY=off). The notebook's directory is the
// kernel's working directory.
func (e Env) Execute(ctx context.Context, src, outDir string, env ...string) (*Run, error) {
	src, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	if outDir, err = filepath.Abs(outDir); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(src), ".ipynb")
	cmd := e.Command(ctx, filepath.Dir(src), env, "-m", "nbconvert",
		"--config", e.Config("nbconvert_config.py"),
		"--to", "notebook", "--execute", "--allow-errors",
		"--output-dir", outDir, "--output", name, src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	r := &Run{Path: filepath.Join(outDir, name+".ipynb")}
	err = cmd.Run()
	r.Log = stderr.String()
	if err != nil {
		return r, fmt.Errorf("nb: nbconvert --execute %s: %v\n%s", filepath.Base(src), err, tail(r.Log, 40))
	}
	if r.Notebook, err = nb.Read(r.Path); err != nil {
		return r, err
	}
	// GoNB reports an empty pygments_lexer, which nbconvert takes as "use
	// the IPython lexer": Go code would be highlighted as Python (apostrophes
	// in comments open strings, "and" is a keyword). Name the Go lexer.
	if info, ok := r.Notebook.Metadata["language_info"].(map[string]any); ok {
		if lexer, _ := info["pygments_lexer"].(string); lexer == "" {
			info["pygments_lexer"] = "go"
			if mode, _ := info["codemirror_mode"].(string); mode == "" {
				info["codemirror_mode"] = "go"
			}
			err = r.Notebook.Write(r.Path)
		}
	}
	return r, err
}

// Validate checks files against the nbformat JSON schema with Jupyter's own
// validator.
func (e Env) Validate(paths ...string) error {
	script := `import sys, nbformat
bad = 0
for p in sys.argv[1:]:
    try:
        nbformat.validate(nbformat.read(p, as_version=4))
    except Exception as ex:
        bad += 1
        print(f"{p}: {ex}", file=sys.stderr)
sys.exit(1 if bad else 0)`
	args := []string{"-c", script}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		args = append(args, abs)
	}
	out, err := e.Command(context.Background(), e.Repo, nil, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("nb: nbformat validation failed: %v\n%s", err, out)
	}
	return nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
