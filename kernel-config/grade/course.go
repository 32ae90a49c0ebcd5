package grade

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dl-course/hw2/kernel-config/nb"
)

const configTemplate = `# nbgrader configuration of a course on the homework-2 Go notebooks
# (written by go run ./kernel-config/cmd/course).
import sys

sys.path.insert(0, %q)
import hw2_nbgrader  # noqa: E402

c = get_config()  # noqa: F821
c.CourseDirectory.root = %q
c.CourseDirectory.course_id = %q
c.Exchange.root = %q
hw2_nbgrader.configure(c, repo=%q)
`

// NewCourse makes an nbgrader course directory dir for the notebooks (paths)
// of the repository env.Repo: dir/nbgrader_config.py with the project's
// settings (kernel-config/grading/hw2_nbgrader.py), the notebooks in
// dir/source/ASSIGNMENT/, and dir/exchange for release, fetch and submit.
func NewCourse(env nb.Env, dir, assignment, course string, notebooks []string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	src := filepath.Join(dir, "source", assignment)
	for _, d := range []string{src, filepath.Join(dir, "exchange")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for _, n := range notebooks {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(src, filepath.Base(n)), b, 0o644); err != nil {
			return err
		}
	}
	cfg := fmt.Sprintf(configTemplate, env.Config("grading"), dir, course, filepath.Join(dir, "exchange"), env.Repo)
	return os.WriteFile(filepath.Join(dir, "nbgrader_config.py"), []byte(cfg), 0o644)
}
