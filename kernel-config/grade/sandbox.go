package grade

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// Sandbox runs a command under bubblewrap: new namespaces of every kind
// (no network, its own process tree, its own /tmp), the system's programs
// and libraries read-only, the paths in ReadOnly read-only at their own
// place, Scratch the only writable directory, an address-space limit of
// Memory bytes (prlimit), and nothing else of the file system: not the
// course directory, not the instructor's notebooks, not the gradebook.
type Sandbox struct {
	// Scratch is the writable directory, bound at its own path.
	Scratch string
	// Binds maps a directory or file outside to where it appears inside,
	// read-only; ReadOnly are bound at their own paths.
	Binds    map[string]string
	ReadOnly []string
	// Writable maps a directory of Scratch to another place inside, writable
	// (e.g. the notebook's folder at its place in the repository).
	Writable map[string]string
	// Memory is the address-space limit of every process, in bytes.
	Memory int64
	// Env is the whole environment of the command (nothing is inherited).
	Env []string
	// Dir is the working directory inside.
	Dir string
}

// systemDirs are bound read-only: the programs and libraries of the system.
var systemDirs = []string{"/usr", "/bin", "/lib", "/lib64", "/sbin"}

// systemFiles are the few files of /etc that programs expect.
var systemFiles = []string{"/etc/passwd", "/etc/group", "/etc/hosts", "/etc/nsswitch.conf", "/etc/localtime", "/etc/mime.types"}

// Args returns bwrap's arguments for running name with args.
func (s Sandbox) Args(name string, args ...string) ([]string, error) {
	a := []string{"--die-with-parent", "--new-session", "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
		"--hostname", "sandbox", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"}
	for _, d := range systemDirs {
		fi, err := os.Lstat(d)
		switch {
		case err != nil:
			continue
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(d)
			if err != nil {
				return nil, err
			}
			a = append(a, "--symlink", target, d)
		default:
			a = append(a, "--ro-bind", d, d)
		}
	}
	for _, f := range systemFiles {
		a = append(a, "--ro-bind-try", f, f)
	}
	for _, p := range s.ReadOnly {
		a = append(a, "--ro-bind", p, p)
	}
	for from, to := range s.Binds {
		a = append(a, "--ro-bind", from, to)
	}
	if s.Scratch != "" {
		a = append(a, "--bind", s.Scratch, s.Scratch)
	}
	for from, to := range s.Writable {
		a = append(a, "--bind", from, to)
	}
	if s.Dir != "" {
		a = append(a, "--chdir", s.Dir)
	}
	a = append(a, "--")
	if s.Memory > 0 {
		prlimit, err := exec.LookPath("prlimit")
		if err != nil {
			return nil, fmt.Errorf("grade: prlimit (util-linux) is needed for the memory limit: %w", err)
		}
		a = append(a, prlimit, "--as="+strconv.FormatInt(s.Memory, 10), "--core=0", "--")
	}
	return append(append(a, name), args...), nil
}

// Command returns the command running name with args in the sandbox; the
// context's end kills the whole sandbox.
func (s Sandbox) Command(ctx context.Context, name string, args ...string) (*exec.Cmd, error) {
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, fmt.Errorf("grade: bwrap (bubblewrap) is needed to run submissions: %w", err)
	}
	a, err := s.Args(name, args...)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bwrap, a...)
	cmd.Env = s.Env
	if cmd.Env == nil {
		cmd.Env = []string{}
	}
	return cmd, nil
}

// copyTree copies the directory src to dst (which must not exist) with cp,
// keeping modes and times.
func copyTree(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		return fmt.Errorf("grade: copying %s: %v\n%s", src, err, out)
	}
	return nil
}
