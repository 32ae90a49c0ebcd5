package notebooks

import (
	"crypto/rand"
	"encoding/hex"
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
)

// TestRealJupyterClient runs the question-2 notebook the way a student does:
// a classic Jupyter Notebook server on loopback, the page opened in headless
// Chromium, Cell → Run All, and every code cell must finish without error
// and print its ✓ lines. A screenshot goes to exports/NAME.jupyter.png.
func TestRealJupyterClient(t *testing.T) {
	env := jupyter(t)
	bctx := startBrowser(t, env)

	// A copy, so that the server cannot write outputs into the committed file
	// (a visible directory: the server hides dot-directories).
	dir, err := os.MkdirTemp(".", "client-run-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	src, err := os.ReadFile(q2)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, q2), src, 0o644); err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	tok := make([]byte, 16)
	rand.Read(tok)
	token := hex.EncodeToString(tok)
	server := exec.Command(env.Python, "-m", "notebook", "--no-browser", "--allow-root",
		"--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--NotebookApp.token="+token)
	server.Dir, _ = filepath.Abs(".")
	server.Env = append(os.Environ(), execEnv()...)
	// The server and the kernels it starts share a process group, so that
	// nothing outlives the test; the log goes to a file (a pipe would stay
	// open as long as any kernel holds it).
	server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	server.Stdout, server.Stderr = logFile, logFile
	serverLog := func() string { b, _ := os.ReadFile(logFile.Name()); return tail(string(b), 40) }
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	defer func() {
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
	}()
	if err := waitHTTP(base+"/api?token="+token, 60*time.Second); err != nil {
		t.Fatalf("the notebook server did not start: %v\n%s", err, serverLog())
	}

	start := time.Now()
	url := fmt.Sprintf("%s/notebooks/%s/%s?token=%s", base, filepath.Base(dir), q2, token)
	run, err := browser.RunInClassicNotebook(bctx, url, 10*time.Minute)
	if err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, serverLog())
	}
	t.Logf("ran %d code cells in a real front end in %.1f s", len(run.Cells), time.Since(start).Seconds())
	checks := 0
	for _, c := range run.Cells {
		for _, e := range c.Errors {
			t.Errorf("cell %d: %s\n%s", c.Index, e, c.Text)
		}
		checks += strings.Count(c.Text, "✓ ")
		if strings.Contains(c.Text, "✗") {
			t.Errorf("cell %d reports a failed check:\n%s", c.Index, c.Text)
		}
	}
	if checks < len(required[q2].checks) {
		t.Errorf("only %d ✓ lines in the front end", checks)
	}
	shot := filepath.Join(env.Repo, "exports", strings.TrimSuffix(q2, ".ipynb")+".jupyter.png")
	if err := os.MkdirAll(filepath.Dir(shot), 0o755); err == nil {
		os.WriteFile(shot, run.Screenshot, 0o644)
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
