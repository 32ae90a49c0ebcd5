// Package grade grades a student's submission of a notebook so that no
// submission can forge its grade.
//
// In GoNB every declaration of an earlier cell is compiled into every later
// cell's program, so a student's answer cell could reach the checks that
// follow it (an init function that prints ✓ and exits, a redefined check
// package). The grader therefore never trusts what the student's cells do
// to the checks. For each autograded part it builds two programs:
//
//   - the checker, from the instructor's source notebook only: the locked
//     cells' declarations, the part's test cell (hidden tests included) as
//     main, and in place of each answer function (your…) a stub that calls
//     it over a pipe;
//   - the answer server, from the locked declarations and the student's
//     answer cells: it reads calls from the pipe, runs the student's
//     functions and sends their results back.
//
// The server is built and run in a sandbox (bubblewrap: no network, no view
// of the course's files, its own scratch directory, memory and time limits);
// the checker runs outside it and decides the verdict. Whatever the
// student's code does (exit early, print ✓, loop, allocate, read or delete
// files) it can only give or withhold answers: an answer is right when the
// checker finds it right. Answer cells that declare init or main, or
// redeclare a name of the notebook, and parts whose locked or test cells
// were changed, get no points.
//
// The whole submission also runs, sandboxed the same way, in the GoNB
// kernel (without the hidden tests), so that the feedback shows every
// cell's output; the test cells' outputs there are replaced by the
// checker's.
package grade

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// Role is what a cell is to nbgrader.
type Role int

// Roles of cells, from their nbgrader metadata.
const (
	Plain        Role = iota // no nbgrader metadata: explanation or exploration
	Locked                   // read-only: set-up, parameters, shown computations
	Answer                   // a code cell the student writes (autograded answer)
	Test                     // an autograded test cell, with points
	ManualAnswer             // a cell the student writes, graded by hand (derivations)
)

func meta(c *nb.Cell) map[string]any {
	m, _ := c.Metadata["nbgrader"].(map[string]any)
	return m
}

func flag(m map[string]any, key string) bool {
	b, _ := m[key].(bool)
	return b
}

// RoleOf returns the nbgrader role of a cell.
func RoleOf(c *nb.Cell) Role {
	m := meta(c)
	switch {
	case m == nil:
		return Plain
	case flag(m, "solution") && flag(m, "grade"):
		return ManualAnswer
	case flag(m, "solution"):
		return Answer
	case flag(m, "grade"):
		return Test
	case flag(m, "locked"):
		return Locked
	}
	return Plain
}

// GradeID returns the cell's nbgrader grade_id, or "".
func GradeID(c *nb.Cell) string {
	id, _ := meta(c)["grade_id"].(string)
	return id
}

// Points returns the points of a graded cell.
func Points(c *nb.Cell) float64 {
	p, _ := meta(c)["points"].(float64)
	return p
}

// WithoutHiddenTests returns src without its hidden-test regions (the
// marker lines included), as nbgrader's ClearHiddenTests writes it.
func WithoutHiddenTests(src string) string { return nb.WithoutHiddenTests(src) }

// decl is one top-level declaration of a cell.
type decl struct {
	names []string // what it declares (for a method: Type.Method)
	text  string   // its source, doc comment included
	init  bool     // it is func init or func main
}

// cellDecls parses the declarations of a GoNB cell: its imports (paths) and
// its top-level declarations, in order.
func cellDecls(src string) (imports []string, decls []decl, err error) {
	d, _ := nb.SplitGo(src)
	file := "package cell\n" + d
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", file, parser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	for _, im := range f.Imports {
		spec := im.Path.Value
		if im.Name != nil {
			spec = im.Name.Name + " " + spec
		}
		imports = append(imports, spec)
	}
	text := func(n ast.Node, doc *ast.CommentGroup) string {
		start := n.Pos()
		if doc != nil {
			start = doc.Pos()
		}
		return file[fset.Position(start).Offset:fset.Position(n.End()).Offset]
	}
	for _, x := range f.Decls {
		switch x := x.(type) {
		case *ast.FuncDecl:
			name := x.Name.Name
			if x.Recv != nil && len(x.Recv.List) == 1 {
				name = recvType(x.Recv.List[0].Type) + "." + name
			}
			decls = append(decls, decl{names: []string{name}, text: text(x, x.Doc),
				init: x.Recv == nil && (name == "init" || name == "main")})
		case *ast.GenDecl:
			if x.Tok == token.IMPORT {
				continue
			}
			var names []string
			for _, s := range x.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				}
			}
			decls = append(decls, decl{names: names, text: text(x, x.Doc)})
		}
	}
	return imports, decls, nil
}

func recvType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvType(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvType(t.X)
	case *ast.IndexListExpr:
		return recvType(t.X)
	}
	return "?"
}

// program collects declarations the way GoNB does: a later declaration of
// a name replaces the earlier one.
type program struct {
	imports map[string]bool
	decls   []decl
}

func (p *program) add(imports []string, decls []decl) {
	if p.imports == nil {
		p.imports = map[string]bool{}
	}
	for _, im := range imports {
		p.imports[im] = true
	}
	for _, d := range decls {
		if d.init {
			continue // GoNB runs no init or main of a cell's declarations
		}
		kept := p.decls[:0]
		for _, old := range p.decls {
			if !overlaps(old.names, d.names) {
				kept = append(kept, old)
			}
		}
		p.decls = append(kept, d)
	}
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// source writes the program as one Go file of package main, with main's
// body and extra declarations (the generated calling code) added.
func (p *program) source(body string, extra ...string) string {
	var b strings.Builder
	b.WriteString("package main\n\n")
	var ims []string
	for im := range p.imports {
		ims = append(ims, im)
	}
	sort.Strings(ims)
	if len(ims) > 0 {
		b.WriteString("import (\n")
		for _, im := range ims {
			b.WriteString("\t" + im + "\n")
		}
		b.WriteString(")\n\n")
	}
	for _, d := range p.decls {
		b.WriteString(d.text + "\n\n")
	}
	for _, e := range extra {
		b.WriteString(e + "\n\n")
	}
	b.WriteString("func main() {\n" + body + "\n}\n")
	return b.String()
}

// answerFuncRE matches the names of answer functions: your followed by an
// upper-case letter.
var answerFuncRE = regexp.MustCompile(`^your[A-Z]`)

// calledAnswers lists the answer functions (your…) a cell's code calls.
func calledAnswers(src string) ([]string, error) {
	d, body := nb.SplitGo(src)
	file := "package cell\n" + d + "\nfunc main() {\n" + body + "\n}\n"
	f, err := parser.ParseFile(token.NewFileSet(), "cell.go", file, 0)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && answerFuncRE.MatchString(id.Name) && !seen[id.Name] {
				seen[id.Name] = true
				out = append(out, id.Name)
			}
		}
		return true
	})
	sort.Strings(out)
	return out, nil
}

// cellError names a cell in an error.
func cellError(i int, c *nb.Cell, err error) error {
	return fmt.Errorf("cell %d (%s): %w", i, c.FirstLine(), err)
}
