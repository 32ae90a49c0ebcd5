package badinput

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Exit is a call that must end the program: status 1 and one line on
// standard error starting with Want (the "✗ error: …" of a cell that
// fails readably).
type Exit struct {
	// Name names the call; it must be unique in its table.
	Name string
	// Notebook runs the call as if in a GoNB cell whose pipes cannot be
	// opened (GONB_PIPE set to a missing file); otherwise outside one.
	Notebook bool
	// Call makes the call; returning from it is a failure.
	Call func()
	// Want is the start of the one line the call must print.
	Want string
}

// exitEnv names the case a child process runs.
const exitEnv = "HWKIT_BADINPUT_EXIT"

// RunExits runs every call in a child process, the test binary re-run for
// the calling test alone, and checks its status and standard error. Call it
// first thing in its test: in the child it makes the one call and exits.
func RunExits(t *testing.T, cases []Exit) {
	if name, ok := os.LookupEnv(exitEnv); ok {
		for _, c := range cases {
			if c.Name+map[bool]string{true: " in a notebook"}[c.Notebook] == name {
				c.Call()
				os.Exit(0) // a call that returns is a failure of the parent
			}
		}
		os.Exit(3)
	}
	for _, c := range cases {
		name := c.Name + map[bool]string{true: " in a notebook"}[c.Notebook]
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()[:strings.Index(t.Name(), "/")]+"$")
			cmd.Env = append(os.Environ(), exitEnv+"="+name, "GONB_PIPE=", "GONB_PIPE_BACK=")
			if c.Notebook {
				dir := t.TempDir()
				cmd.Env = append(cmd.Env, "GONB_PIPE="+dir+"/missing", "GONB_PIPE_BACK="+dir+"/missing_back")
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1\n%s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], c.Want) {
				t.Errorf("stderr %q, want one line starting with %q", stderr.String(), c.Want)
			}
		})
	}
}
