package badinput

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Exit is a call that must end the program: status 1 and one line on
// standard error starting with Want (the "✗ error: …" of a cell that
// fails readably).
type Exit struct {
	// Name names the call; Name and Notebook together are unique in a
	// table.
	Name string
	// Notebook runs the call as if in a GoNB cell whose pipes cannot be
	// opened (GONB_PIPE set to a missing file); otherwise outside one.
	Notebook bool
	// Call makes the call; returning from it is a failure.
	Call func()
	// Want is the start of the one line the call must print.
	Want string
}

// exitEnv tells a child process which call to make: the test's name, the
// number of the RunExits call in that test and the case's index.
const exitEnv = "HWKIT_BADINPUT_EXIT"

// calls counts the RunExits calls made so far in each test, so that a
// child process finds its table among several in one test.
var calls = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

// RunExits runs every call in a child process (the test binary re-run for
// the calling test alone) under Limit and checks its status and standard
// error. In the child it makes the one call it was started for and exits;
// the tests, subtests and other RunExits calls before it run there too, so
// call it early in a test and keep that test free of side effects.
func RunExits(t *testing.T, cases []Exit) {
	t.Helper()
	calls.Lock()
	table := calls.n[t.Name()]
	calls.n[t.Name()]++
	calls.Unlock()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[exitName(c)] {
			t.Fatalf("badinput: two exit cases named %q", exitName(c))
		}
		seen[exitName(c)] = true
	}
	prefix := t.Name() + "\n" + strconv.Itoa(table) + "\n"
	if v, ok := os.LookupEnv(exitEnv); ok {
		rest, mine := strings.CutPrefix(v, prefix)
		if !mine {
			return // the child runs another table
		}
		i, err := strconv.Atoi(rest)
		if err != nil || i < 0 || i >= len(cases) {
			fmt.Fprintf(os.Stderr, "badinput: no exit case %q\n", v)
			os.Exit(3)
		}
		cases[i].Call()
		fmt.Fprintf(os.Stderr, "badinput: %s returned instead of ending the program\n", exitName(cases[i]))
		os.Exit(0)
	}
	var pattern []string
	for _, elem := range strings.Split(t.Name(), "/") {
		pattern = append(pattern, "^"+regexp.QuoteMeta(elem)+"$")
	}
	for i, c := range cases {
		t.Run(exitName(c), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), Limit)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+strings.Join(pattern, "/"))
			cmd.Env = append(os.Environ(), exitEnv+"="+prefix+strconv.Itoa(i), "GONB_PIPE=", "GONB_PIPE_BACK=")
			if c.Notebook {
				dir := t.TempDir()
				cmd.Env = append(cmd.Env, "GONB_PIPE="+dir+"/missing", "GONB_PIPE_BACK="+dir+"/missing_back")
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("no exit within %v\n%s", Limit, stderr.String())
			}
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

// exitName is the subtest name of a case.
func exitName(c Exit) string {
	if c.Notebook {
		return c.Name + " in a notebook"
	}
	return c.Name
}
