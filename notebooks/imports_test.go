package notebooks

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// Why imports are checked: GoNB runs goimports on every cell's program. When
// that program names a package nothing imports (GoNB's own main calls
// flag.Parse(), and a cell may use fmt without importing it), goimports
// looks for it among the workspace's modules: about 40 ms more in every cell
// from then on (measured with make bench: 0.045 s against 0.009 s per call).
// So the set-up cell imports flag and the import cells import every package
// the notebook's code uses.

// parseCell parses a GoNB cell as one Go file: its declarations, then its
// body as main's.
func parseCell(src string) (*ast.File, error) {
	decls, body := nb.SplitGo(src)
	file := "package cell\n" + decls + "\nfunc main() {\n" + body + "\n}\n"
	return parser.ParseFile(token.NewFileSet(), "cell.go", file, 0)
}

// importName is the name an import spec introduces: its explicit name, or
// the last element of its path without a major-version suffix
// ("math/rand/v2" is rand).
func importName(spec *ast.ImportSpec) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	p, _ := strconv.Unquote(spec.Path.Value)
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return base
}

// importProblems lists the packages the notebook's code uses before any cell
// imports them (goimports then searches the workspace for them in every
// later cell), and a set-up cell that does not import flag (every cell's
// main calls flag.Parse()). A name counts as a package when it is the left
// side of a selector, declared nowhere in the notebook and not predeclared.
func importProblems(n *nb.Notebook) []string {
	var out []string
	files := map[int]*ast.File{}
	declared := map[string]bool{}
	for i, c := range n.Cells {
		if c.CellType != "code" {
			continue
		}
		f, err := parseCell(c.Source)
		if err != nil {
			out = append(out, fmt.Sprintf("cell %d (%s) does not parse: %v", i, c.FirstLine(), err))
			continue
		}
		files[i] = f
		for name := range f.Scope.Objects {
			declared[name] = true
		}
	}
	imported := map[string]bool{}
	for i, c := range n.Cells {
		f, ok := files[i]
		if !ok {
			continue
		}
		for _, spec := range f.Imports {
			imported[importName(spec)] = true
		}
		if c.HasTag(nb.SetupTag) && !imported["flag"] {
			out = append(out, fmt.Sprintf(`the set-up cell (cell %d) does not import "flag": every cell's main calls flag.Parse(), and goimports then looks flag up in every cell`, i))
		}
		unresolved := map[*ast.Ident]bool{}
		for _, id := range f.Unresolved {
			unresolved[id] = true
		}
		missing := map[string]bool{}
		ast.Inspect(f, func(x ast.Node) bool {
			sel, ok := x.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if ok && unresolved[id] && !declared[id.Name] && !imported[id.Name] && !predeclared[id.Name] {
				missing[id.Name] = true
			}
			return true
		})
		var names []string
		for name := range missing {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			out = append(out, fmt.Sprintf("cell %d (%s) uses package %s, which no cell up to it imports: import it in the set-up cell (standard packages) or the import cell", i, c.FirstLine(), name))
		}
	}
	return out
}

// predeclared lists Go's predeclared names that a selector can start with
// (a type conversion's result, e.g. error(nil).Error, is not a package).
var predeclared = map[string]bool{"error": true, "nil": true, "true": true, "false": true}

// TestNotebookImports: the set-up cell imports flag, and every package the
// code of a notebook names is imported by that cell or an earlier one.
func TestNotebookImports(t *testing.T) {
	for _, name := range notebooks(t) {
		t.Run(name, func(t *testing.T) {
			n, err := nb.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range importProblems(n) {
				t.Error(p)
			}
		})
	}
}

// TestImportsCatchMissing: a package used without an import, a set-up cell
// without flag and an import that comes only after its use are reported;
// variables, parameters and declarations of other cells are not packages.
func TestImportsCatchMissing(t *testing.T) {
	setup := &nb.Cell{CellType: "code", Metadata: map[string]any{"tags": []any{nb.SetupTag}},
		Source: "!*go work use .\n%goworkfix\nimport \"flag\""}
	code := func(src string) *nb.Cell { return &nb.Cell{CellType: "code", Source: src, Metadata: map[string]any{}} }
	good := &nb.Notebook{Cells: []*nb.Cell{
		setup,
		code("import (\n\t\"fmt\"\n\t\"math/rand/v2\"\n)\n\nvar cl = struct{ N int }{8}"),
		code("func yourF(x []float64) (y float64) {\n\tfor _, v := range x {\n\t\ty += v\n\t}\n\treturn y\n}"),
		code("%%\nr := rand.New(rand.NewPCG(1, 0))\nfmt.Println(cl.N, yourF([]float64{r.Float64()}))"),
	}}
	if got := importProblems(good); len(got) != 0 {
		t.Errorf("a notebook importing what it uses: %q", got)
	}
	bad := &nb.Notebook{Cells: []*nb.Cell{
		code("!*go work use .\n%goworkfix"),
		code("%%\nfmt.Println(strings.Repeat(\"x\", 3))"),
		code("import \"strings\""),
	}}
	bad.Cells[0].Metadata["tags"] = []any{nb.SetupTag}
	got := strings.Join(importProblems(bad), "\n")
	for _, want := range []string{`does not import "flag"`, "uses package fmt", "uses package strings"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestSetupWarmsCellFlags: every set-up cell builds with the flags setup.sh
// warms the build cache with (CELL_GOFLAGS): other flags would leave the
// first cell of every notebook compiling gonum and hwkit, 45-75 s cold.
func TestSetupWarmsCellFlags(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "kernel-config", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^CELL_GOFLAGS=\((.*)\)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("setup.sh has no CELL_GOFLAGS=(…) line")
	}
	warm, err := nb.ShellFields(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range notebooks(t) {
		n, err := nb.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		code := n.Code()
		if len(code) == 0 {
			t.Fatalf("%s has no code cells", name)
		}
		flags, ok, err := nb.GoFlags(code[0].Source)
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case !ok:
			t.Errorf("%s: the set-up cell has no %%goflags line", name)
		case !slices.Equal(flags, warm):
			t.Errorf("%s: the set-up cell builds with %q, setup.sh warms the cache with %q", name, flags, warm)
		}
	}
}
