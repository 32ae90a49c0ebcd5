package grade

import (
	"fmt"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// DefaultPoints are the points of a graded cell that has none yet.
const DefaultPoints = 1

// Annotate writes the nbgrader metadata of every cell of a notebook from
// what the cell is, keeping the points of cells that have them:
//
//   - the set-up and parameters cells (tags setup, parameters) and every
//     other code cell that is none of the below: read-only (locked);
//   - a code cell that declares an answer function (func your…): the
//     student's answer (an autograded answer);
//   - another code cell with a solution region: a solution cell (the
//     student redoes a computation; not graded by itself);
//   - a code cell without a solution region that calls answer functions:
//     the part's autograder tests, with points; it must hold hidden tests;
//   - a markdown cell with a solution region: a manually graded answer (a
//     derivation), with points.
//
// Markdown cells without a solution region get no nbgrader metadata.
// grade_ids derive from the answer functions' names and the cells' ids,
// so they stay the same when cells move.
func Annotate(n *nb.Notebook) error {
	regions, err := nb.SolutionRegions(n)
	if err != nil {
		return err
	}
	solution := map[int]bool{}
	hidden := map[int]bool{}
	for _, r := range regions {
		if r.Hidden {
			hidden[r.Cell] = true
		} else {
			solution[r.Cell] = true
		}
	}
	seen := map[string]int{}
	for i, c := range n.Cells {
		old := meta(c)
		points := DefaultPoints + 0.0
		if p, ok := old["points"].(float64); ok && p >= 0 {
			points = p // kept, 0 included (a part graded for feedback only)
		}
		var m map[string]any
		switch {
		case c.CellType == "markdown" && solution[i]:
			m = map[string]any{"grade": true, "solution": true, "locked": false, "points": points,
				"grade_id": "derivation-" + c.ID}
		case c.CellType != "code":
			delete(c.Metadata, "nbgrader")
			continue
		case c.HasTag(nb.SetupTag):
			m = map[string]any{"grade": false, "solution": false, "locked": true, "grade_id": "setup"}
		case c.HasTag("parameters"):
			m = map[string]any{"grade": false, "solution": false, "locked": true, "grade_id": "parameters"}
		default:
			sigs, err := signatures(c.Source)
			if err != nil {
				return cellError(i, c, err)
			}
			calls, err := calledAnswers(c.Source)
			if err != nil {
				return cellError(i, c, err)
			}
			switch {
			case len(sigs) > 0:
				m = map[string]any{"grade": false, "solution": true, "locked": false, "grade_id": "answer-" + sigs[0].name}
			case solution[i]:
				// A cell with a solution region is the student's to write,
				// even when it calls answer functions (e.g. to show a box).
				m = map[string]any{"grade": false, "solution": true, "locked": false, "grade_id": "solution-" + c.ID}
			case len(calls) > 0:
				if !hidden[i] {
					return cellError(i, c, fmt.Errorf("checks %s but has no hidden tests (%s … %s)", strings.Join(calls, ", "), nb.HiddenBegin, nb.HiddenEnd))
				}
				m = map[string]any{"grade": true, "solution": false, "locked": true, "points": points, "grade_id": "test-" + calls[0]}
			default:
				m = map[string]any{"grade": false, "solution": false, "locked": true, "grade_id": "locked-" + c.ID}
			}
		}
		if c.ID == "" && strings.HasSuffix(m["grade_id"].(string), "-") {
			return cellError(i, c, fmt.Errorf("has no cell id (run make clean-notebooks)"))
		}
		id := m["grade_id"].(string)
		if k, dup := seen[id]; dup {
			return cellError(i, c, fmt.Errorf("grade_id %s is also cell %d's: one answer function or test per cell", id, k))
		}
		seen[id] = i
		m["schema_version"] = 3.0
		c.Metadata["nbgrader"] = m
	}
	return nil
}
