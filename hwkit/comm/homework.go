package comm

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// Answer is the homework's answer for one algorithm: how many messages one
// all-reduce sends and how many elements each holds.
type Answer struct {
	// Algorithm is the algorithm the row is about.
	Algorithm Algorithm
	// Messages is the number of messages per iteration.
	Messages int64
	// Size is the number of elements per message.
	Size int64
	// MessagesFormula and SizeFormula are the same in n and p.
	MessagesFormula, SizeFormula string
}

// Answers is the homework's table: all-to-all, parameter server and ring
// all-reduce, in that order.
type Answers []Answer

// HomeworkAnswers returns the homework's three rows for n workers and p
// elements: all-to-all n(n−1) messages of p, parameter server 2n of p, ring
// 2n(n−1) of p/n. It returns an error unless n ≥ 2 and n divides p, as the
// homework assumes, and the cluster of n workers and p one-byte elements is
// valid (so every count is exact, see Cluster.Validate).
func HomeworkAnswers(n, p int) (Answers, error) {
	switch {
	case n < 2:
		return nil, fmt.Errorf("comm: n = %d: the homework's formulas assume n ≥ 2 workers", n)
	case p < 1:
		return nil, fmt.Errorf("comm: p = %d elements: need at least 1", p)
	}
	if err := (Cluster{N: n, P: p, BytesPerElem: 1, Beta: 1}).Validate(); err != nil {
		return nil, err
	}
	if p%n != 0 {
		return nil, fmt.Errorf("comm: p = %d is not divisible by n = %d, as the homework assumes", p, n)
	}
	N, P := int64(n), int64(p)
	return Answers{
		{Algorithm: AllToAll, Messages: N * (N - 1), Size: P, MessagesFormula: "n(n−1)", SizeFormula: "p"},
		{Algorithm: ParameterServer, Messages: 2 * N, Size: P, MessagesFormula: "2n", SizeFormula: "p"},
		{Algorithm: Ring, Messages: 2 * N * (N - 1), Size: P / N, MessagesFormula: "2n(n−1)", SizeFormula: "p/n"},
	}, nil
}

// Counts returns the answers as rows {messages, size}, the shape of the
// notebook's answer check.
func (as Answers) Counts() [][]int64 {
	out := make([][]int64, len(as))
	for i, a := range as {
		out[i] = []int64{a.Messages, a.Size}
	}
	return out
}

// Names returns the algorithms' names, one per row.
func (as Answers) Names() []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Algorithm.Name()
	}
	return out
}

// texFormula turns a formula of Answer into TeX: "n(n−1)" → "n(n-1)".
func texFormula(f string) string { return strings.ReplaceAll(f, "−", "-") }

// texInt prints an integer as the tables do, digits only: 120000.
func texInt(x int64) string { return strconv.FormatInt(x, 10) }

// TeX returns the answers as a TeX array for display.Answer: one row per
// algorithm with the messages and the elements per message, each as its
// formula and its value.
func (as Answers) TeX() string {
	var b strings.Builder
	b.WriteString(`\begin{array}{lcc}` + "\n" + `& \text{messages} & \text{elements per message} \\ \hline` + "\n")
	for i, a := range as {
		fmt.Fprintf(&b, `\text{%s} & %s = %s & %s = %s`, a.Algorithm.Name(),
			texFormula(a.MessagesFormula), texInt(a.Messages), texFormula(a.SizeFormula), texInt(a.Size))
		if i < len(as)-1 {
			b.WriteString(` \\`)
		}
		b.WriteString("\n")
	}
	b.WriteString(`\end{array}`)
	return b.String()
}

// String returns the answers as text, one algorithm per line, e.g.
// "ring all-reduce: 2n(n−1) = 112 messages of p/n = 15000 elements".
func (as Answers) String() string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "%s: %s = %d messages of %s = %d elements\n", a.Algorithm.Name(),
			a.MessagesFormula, a.Messages, a.SizeFormula, a.Size)
	}
	return b.String()
}

// HomeworkTable returns the homework's answer as a table: per algorithm the
// messages per iteration, the elements per message and the elements sent in
// all, each as a formula in n and p and its value. If n or p is invalid, the
// table has no rows and its Note holds the error.
func HomeworkTable(n, p int) *table.Table {
	t := table.New(fmt.Sprintf("Messages per iteration, n = %d, p = %d", n, p),
		"algorithm", "messages", "message size (elements)", "elements sent")
	ans, err := HomeworkAnswers(n, p)
	if err != nil {
		t.Note = "✗ " + err.Error()
		return t
	}
	for _, a := range ans {
		t.AddRow(a.Algorithm.Name(),
			fmt.Sprintf("%s = %d", a.MessagesFormula, a.Messages),
			fmt.Sprintf("%s = %d", a.SizeFormula, a.Size),
			fmt.Sprintf("%s·%s = %d", a.MessagesFormula, a.SizeFormula, a.Messages*a.Size))
	}
	t.Note = "The parameter server is one node besides the n workers; ring all-reduce runs n−1 reduce-scatter and n−1 all-gather rounds."
	return t
}
