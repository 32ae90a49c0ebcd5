package nb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Env locates what running notebooks needs: the repository, the python3
// that has Jupyter, and the GoNB binary built by kernel-config/setup.sh.
type Env struct {
	Repo   string // repository root (holds go.mod)
	Python string // python3 with notebook, nbconvert, nbclient
	Gonb   string // the gonb binary
}

// ErrNotSetUp is wrapped by FindEnv's error when Jupyter or GoNB is missing.
var ErrNotSetUp = errors.New("Jupyter or the GoNB kernel is not set up (run `make setup` or kernel-config/setup.sh)")

// FindRepo walks up from dir to the directory holding the module's go.mod.
func FindRepo(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module github.com/dl-course/hw2\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("nb: no go.mod of github.com/dl-course/hw2 above %s", dir)
		}
	}
}

// FindEnv checks that setup has run for the repository at repo: the python
// recorded in .tools/python imports Jupyter, and .tools/bin/gonb exists.
func FindEnv(repo string) (Env, error) {
	e := Env{Repo: repo, Gonb: filepath.Join(repo, ".tools", "bin", "gonb")}
	if b, err := os.ReadFile(filepath.Join(repo, ".tools", "python")); err == nil {
		e.Python = strings.TrimSpace(string(b))
	}
	if e.Python == "" {
		return e, fmt.Errorf("%w: %s missing", ErrNotSetUp, filepath.Join(repo, ".tools", "python"))
	}
	if out, err := exec.Command(e.Python, "-c", "import notebook, nbconvert, nbclient, nbformat").CombinedOutput(); err != nil {
		return e, fmt.Errorf("%w: %s cannot import Jupyter: %v\n%s", ErrNotSetUp, e.Python, err, out)
	}
	if _, err := os.Stat(e.Gonb); err != nil {
		return e, fmt.Errorf("%w: %v", ErrNotSetUp, err)
	}
	return e, nil
}

// InstallKernel registers the gonb kernelspec into dataDir (a throw-away
// JUPYTER_DATA_DIR for tests).
func (e Env) InstallKernel(dataDir string) error {
	cmd := exec.Command(filepath.Join(e.Repo, "kernel-config", "install-kernel.sh"))
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+dataDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("nb: installing the kernelspec into %s: %v\n%s", dataDir, err, out)
	}
	return nil
}

// Run holds the result of executing one notebook.
type Run struct {
	Notebook *Notebook // the executed notebook
	Path     string    // where it was written
	Log      string    // nbconvert's and the kernel's stderr
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
	cmd := exec.CommandContext(ctx, e.Python, "-m", "nbconvert",
		"--config", filepath.Join(e.Repo, "kernel-config", "nbconvert_config.py"),
		"--to", "notebook", "--execute", "--allow-errors",
		"--output-dir", outDir, "--output", name, src)
	cmd.Dir = filepath.Dir(src)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	r := &Run{Path: filepath.Join(outDir, name+".ipynb")}
	err = cmd.Run()
	r.Log = stderr.String()
	if err != nil {
		return r, fmt.Errorf("nb: nbconvert --execute %s: %v\n%s", filepath.Base(src), err, tail(r.Log, 40))
	}
	if r.Notebook, err = Read(r.Path); err != nil {
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
	out, err := exec.Command(e.Python, append([]string{"-c", script}, paths...)...).CombinedOutput()
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
