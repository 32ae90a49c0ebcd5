package comm

import (
	"fmt"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// MaxDiagramWorkers is the largest n RingDiagram draws.
const MaxDiagramWorkers = 8

// RingDiagram shows ring all-reduce on n workers, each gradient cut into n
// chunks, as a table: one row per worker and one column per step (the start,
// n−1 reduce-scatter steps, n−1 all-gather steps). A cell lists, chunk by
// chunk, how many of the n gradients the worker's copy of that chunk sums;
// the chunk it received in that step is in brackets; n means complete. The
// states come from replaying the schedule of the simulator's ring program
// (ringSends). It returns an error unless 2 ≤ n ≤ MaxDiagramWorkers.
func RingDiagram(n int) (*table.Table, error) {
	if n < 2 || n > MaxDiagramWorkers {
		return nil, fmt.Errorf("comm: RingDiagram(%d): draws 2 … %d workers", n, MaxDiagramWorkers)
	}
	terms := ringStates(n)
	header := []string{"worker", "start"}
	for s := 1; s <= 2*(n-1); s++ {
		if s < n {
			header = append(header, fmt.Sprintf("reduce %d", s))
		} else {
			header = append(header, fmt.Sprintf("gather %d", s-n+1))
		}
	}
	t := table.New(fmt.Sprintf("Ring all-reduce step by step: %d workers, %d chunks each", n, n), header...)
	for i := range n {
		row := []any{i}
		for s := range terms {
			var cells []string
			for ch, k := range terms[s][i] {
				cell := fmt.Sprint(k)
				if s > 0 && ch == ringSends(mod(i-1, n), s-1, n) {
					cell = "[" + cell + "]"
				}
				cells = append(cells, cell)
			}
			row = append(row, strings.Join(cells, " "))
		}
		t.AddRow(row...)
	}
	t.Note = fmt.Sprintf("Worker i sends to worker (i+1) mod %d. Entry c of a cell: how many gradients worker i's chunk c sums (%d = complete); [ ] marks the chunk received in that step, added during reduce-scatter, copied during all-gather.", n, n)
	return t, nil
}

// ringStates replays the ring's schedule on counts: states[s][i][c] is the
// number of gradients in worker i's chunk c after step s (s = 0 the start).
func ringStates(n int) [][][]int {
	cur := make([][]int, n)
	for i := range cur {
		cur[i] = make([]int, n)
		for c := range cur[i] {
			cur[i][c] = 1
		}
	}
	states := [][][]int{clone2(cur)}
	for s := range 2 * (n - 1) {
		next := clone2(cur)
		for i := range n {
			left := mod(i-1, n)
			c := ringSends(left, s, n)
			if s < n-1 {
				next[i][c] = cur[i][c] + cur[left][c] // add
			} else {
				next[i][c] = cur[left][c] // copy
			}
		}
		cur = next
		states = append(states, clone2(cur))
	}
	return states
}

func clone2(x [][]int) [][]int {
	out := make([][]int, len(x))
	for i := range x {
		out[i] = append([]int(nil), x[i]...)
	}
	return out
}
