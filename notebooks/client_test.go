package notebooks

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

// clients are the front ends students use: JupyterLab 4 and Notebook 7, by
// the jupyter subcommand that starts each and the URL path of a notebook.
var clients = []struct {
	name, command, path string
}{
	{"jupyterlab", "lab", "/lab/tree/"}, // ?reset below: no workspace restored
	{"notebook7", "notebook", "/notebooks/"},
}

// TestRealClients runs every notebook the way a student does: a JupyterLab 4
// and a Notebook 7 server on loopback with this checkout's kernel, each
// notebook opened in headless Chromium and run with the front end's own
// Run All command. Every code cell must run without error, print the ✓
// lines the notebook requires and no ✗, show every plot as an image with a
// non-zero size and every table, and every formula must typeset without a
// MathJax error. A screenshot of the whole notebook per client goes to
// exports/screenshots/NAME.CLIENT.png.
func TestRealClients(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)
	shots := filepath.Join(env.Repo, "exports", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, client := range clients {
		t.Run(client.name, func(t *testing.T) {
			// Copies, so that the server cannot write outputs into the
			// committed files (a visible directory: servers hide dot-directories).
			dir := servedDir(t)
			for _, name := range notebooks(t) {
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			base, token := startJupyter(t, env, client.command, dir)
			for _, name := range notebooks(t) {
				t.Run(name, func(t *testing.T) {
					start := time.Now()
					url := base + client.path + name + "?reset&token=" + token
					run, err := browser.RunInJupyter(bctx, url, name, 10*time.Minute)
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("ran %d cells in %s in %.1f s", len(run.Cells), client.name, time.Since(start).Seconds())
					for _, p := range clientProblems(name, run) {
						t.Error(p)
					}
					src, err := nb.Read(name)
					if err != nil {
						t.Fatal(err)
					}
					got := map[int]browser.Summary{}
					for _, c := range run.Cells {
						if c.Markdown != nil {
							got[c.Index] = *c.Markdown
						}
					}
					ref := reference(t, bctx, src)
					gate(t, client.name, len(ref), fidelityProblems(name, client.name, src, ref, got))
					shot := filepath.Join(shots, strings.TrimSuffix(name, ".ipynb")+"."+client.name+".png")
					if err := os.WriteFile(shot, run.Screenshot, 0o644); err != nil {
						t.Error(err)
					}
					shutdownKernels(base, token)
				})
			}
		})
	}
}

// clientProblems lists what is wrong with a notebook run in a front end.
func clientProblems(name string, run *browser.ClientRun) []string {
	var out []string
	src, err := nb.Read(name)
	if err != nil {
		return []string{err.Error()}
	}
	if len(run.Cells) != len(src.Cells) {
		return append(out, fmt.Sprintf("%d cells in the front end, %d in the notebook", len(run.Cells), len(src.Cells)))
	}
	var text strings.Builder
	text.WriteString("\n")
	for _, c := range run.Cells {
		if c.Type != "code" {
			continue
		}
		line := src.Cells[c.Index].FirstLine()
		if c.Prompt == 0 {
			out = append(out, fmt.Sprintf("cell %d (%s) did not run", c.Index, line))
		}
		for _, e := range c.Errors {
			out = append(out, fmt.Sprintf("cell %d (%s): %s\n%s", c.Index, line, e, c.Text))
		}
		if strings.Contains(c.Text, "\n✗") || strings.HasPrefix(c.Text, "✗") {
			out = append(out, fmt.Sprintf("cell %d (%s) reports a failed check:\n%s", c.Index, line, c.Text))
		}
		if c.Visible != c.Images {
			out = append(out, fmt.Sprintf("cell %d (%s): %d of %d images visible", c.Index, line, c.Visible, c.Images))
		}
		text.WriteString(c.Text)
	}
	exp := required[name]
	for _, want := range exp.checks {
		if !strings.Contains(text.String(), "\n✓ "+want) {
			out = append(out, fmt.Sprintf("missing check line %q", "✓ "+want))
		}
	}
	tables, images := 0, 0
	for _, c := range run.Cells {
		tables += c.Tables
		images += c.Visible
	}
	if tables < exp.tables || images < exp.figures {
		out = append(out, fmt.Sprintf("%d tables and %d plots shown, want at least %d and %d", tables, images, exp.tables, exp.figures))
	}
	for _, e := range run.MathErrors {
		out = append(out, "formula in error: "+e)
	}
	if run.Formulas == 0 {
		out = append(out, "no typeset formula at all")
	}
	return out
}

// startJupyter starts `jupyter COMMAND` (lab or notebook) on a free
// loopback port serving dir, with the front end's application exposed to
// the browser tests, and returns its base URL and token. The server and its
// kernels stop when the test ends.
func startJupyter(t *testing.T, env runner.Env, command, dir string) (base, token string) {
	t.Helper()
	port := freePort(t)
	tok := make([]byte, 16)
	rand.Read(tok)
	token = hex.EncodeToString(tok)
	root, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Every cell attached to the page (no windowing), so that the whole
	// notebook renders for the checks and the screenshot.
	settings := filepath.Join(t.TempDir(), "settings")
	tracker := filepath.Join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings")
	if err := os.MkdirAll(filepath.Dir(tracker), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tracker, []byte(`{"windowingMode": "none"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	server := env.Command(context.Background(), root, append(execEnv(), "JUPYTERLAB_SETTINGS_DIR="+settings),
		"-m", "jupyter", command, "--no-browser", "--allow-root", "--expose-app-in-browser",
		"--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--IdentityProvider.token="+token, "--ServerApp.root_dir="+root)
	// The server and the kernels it starts share a process group, so that
	// nothing outlives the test; the log goes to a file (a pipe would stay
	// open as long as any kernel holds it).
	server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	server.Stdout, server.Stderr = logFile, logFile
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	t.Cleanup(func() {
		// A clean shutdown stops the kernels (GoNB removes its temp dirs);
		// then whatever is left of the group is killed.
		if resp, err := http.Post(base+"/api/shutdown?token="+token, "", nil); err == nil {
			resp.Body.Close()
		}
		done := make(chan error, 1)
		go func() { done <- server.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
		}
		syscall.Kill(-server.Process.Pid, syscall.SIGKILL)
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			t.Logf("jupyter %s log:\n%s", command, tail(string(b), 40))
		}
	})
	if err := waitHTTP(base+"/api?token="+token, 60*time.Second); err != nil {
		b, _ := os.ReadFile(logFile.Name())
		t.Fatalf("jupyter %s did not start: %v\n%s", command, err, tail(string(b), 40))
	}
	return base, token
}

// shutdownKernels stops every kernel of the server, so that the next
// notebook starts on a quiet machine.
func shutdownKernels(base, token string) {
	resp, err := http.Get(base + "/api/kernels?token=" + token)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	var kernels []struct {
		ID string `json:"id"`
	}
	if err := jsonDecode(resp, &kernels); err != nil {
		return
	}
	for _, k := range kernels {
		req, _ := http.NewRequest(http.MethodDelete, base+"/api/kernels/"+k.ID+"?token="+token, nil)
		if r, err := http.DefaultClient.Do(req); err == nil {
			r.Body.Close()
		}
	}
}

// TestKernelIsTheCheckouts: the gonb kernelspec Jupyter resolves in the
// tests' environment, where a user-wide gonb kernelspec of a deleted clone
// exists too, is this checkout's, with this checkout's binaries on its PATH.
func TestKernelIsTheCheckouts(t *testing.T) {
	env := jupyter(t)
	specs, err := env.KernelSpecs(context.Background(), execEnv()...)
	if err != nil {
		t.Fatal(err)
	}
	argv := specs["gonb"]
	if len(argv) == 0 || argv[0] != env.Gonb {
		t.Fatalf("the gonb kernel runs %q, want this checkout's %s (the decoy is %s)", argv, env.Gonb, decoyGonb)
	}
	// Without the project's preference the decoy would win: the test
	// environment really holds the broken user-wide kernelspec.
	cmd := exec.Command(env.Python, "-c", "from jupyter_client.kernelspec import KernelSpecManager as K; print(K().find_kernel_specs()['gonb'])")
	cmd.Env = append(os.Environ(), append(execEnv(), "JUPYTER_PREFER_ENV_PATH=0")...)
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), filepath.Join(shared.dataDir, "data")) {
		t.Errorf("the decoy kernelspec is not in the way (%v): %s", err, out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitHTTP(url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }
