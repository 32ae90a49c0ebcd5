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
	"unicode"

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

// importName is the name an import spec introduces: its explicit name,
// or the name goimports assumes from the path (a port of x/tools'
// ImportPathToAssumedName: the last element, the one before it if the last
// is v followed by digits, without a "go-" prefix and cut at the first
// character that cannot be in an identifier: "math/rand/v2" is rand,
// "gopkg.in/yaml.v3" yaml). goimports' fast path goes by this guess, so a
// package whose real name differs (k8s.io/api/core/v1 is v1) costs the slow
// path and is reported.
func importName(spec *ast.ImportSpec) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	p, _ := strconv.Unquote(spec.Path.Value)
	base := path.Base(p)
	if strings.HasPrefix(base, "v") {
		if _, err := strconv.Atoi(base[1:]); err == nil && path.Dir(p) != "." {
			base = path.Base(path.Dir(p))
		}
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexFunc(base, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}); i >= 0 {
		base = base[:i]
	}
	return base
}

// importProblems lists the packages the notebook's code uses before a cell
// imports them (goimports then searches the workspace for them in every
// later cell), names used before the cell that declares them, and a set-up
// cell (the first code cell) that does not import flag (every cell's main
// calls flag.Parse()). A name counts as a package when it is the left side
// of a selector, is not declared in its cell or an earlier one and is not
// a predeclared name. Past a dot import nothing can be told, and nothing
// is reported.
func importProblems(n *nb.Notebook) []string {
	var out []string
	code := n.Code()
	files := make([]*ast.File, len(code))
	later := map[string]bool{} // declared by some cell
	for i, c := range code {
		f, err := parseCell(c.Source)
		if err != nil {
			out = append(out, fmt.Sprintf("code cell %d (%s) does not parse: %v", i, c.FirstLine(), err))
			continue
		}
		files[i] = f
		for name := range f.Scope.Objects {
			later[name] = true
		}
	}
	imported, declared := map[string]bool{}, map[string]bool{}
	dotImport := false
	for i, f := range files {
		if f == nil {
			continue
		}
		c := code[i]
		for _, spec := range f.Imports {
			if name := importName(spec); name == "." {
				dotImport = true
			} else {
				imported[name] = true
			}
		}
		if i == 0 && !imported["flag"] {
			out = append(out, `the set-up cell (the first code cell) does not import "flag": every cell's main calls flag.Parse(), and goimports then looks flag up in every cell`)
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
			switch {
			case dotImport:
			case later[name]:
				out = append(out, fmt.Sprintf("code cell %d (%s) uses %s before the cell that declares it", i, c.FirstLine(), name))
			default:
				out = append(out, fmt.Sprintf("code cell %d (%s) uses package %s, which no cell up to it imports: import it in the set-up cell (standard packages) or the import cell", i, c.FirstLine(), name))
			}
		}
		for name := range f.Scope.Objects {
			declared[name] = true
		}
	}
	return out
}

// predeclared lists the predeclared names a selector can start with: the
// type error, in the method expression error.Error.
var predeclared = map[string]bool{"error": true}

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
// without flag, an import that comes only after its use and a name used
// before the cell that declares it are reported; variables, parameters,
// locals shadowing a package name, method expressions and the names
// goimports assumes for odd paths are not.
func TestImportsCatchMissing(t *testing.T) {
	code := func(src string) *nb.Cell { return &nb.Cell{CellType: "code", Source: src, Metadata: map[string]any{}} }
	good := &nb.Notebook{Cells: []*nb.Cell{
		code("!*go work use .\n%goworkfix\n//gonb:%goflags -a\nimport \"flag\""),
		code("import (\n\t\"fmt\"\n\t\"math/rand/v2\"\n\n\t\"github.com/mattn/go-isatty\"\n\t\"gopkg.in/yaml.v3\"\n)\n\nvar cl = struct{ N int }{8}"),
		code("func yourF(x []float64, c struct{ N int }) (y float64) {\n\tfor _, v := range x {\n\t\ty += v\n\t}\n\treturn y * float64(c.N)\n}"),
		code("%% -x=1\nr := rand.New(rand.NewPCG(1, 0))\nmath := struct{ Pi float64 }{3}\nb, _ := yaml.Marshal(cl)\n" +
			"fmt.Println(cl.N, yourF([]float64{r.Float64()}, cl), math.Pi, b, isatty.IsTerminal(0), error.Error)"),
	}}
	if got := importProblems(good); len(got) != 0 {
		t.Errorf("a notebook importing what it uses: %q", got)
	}
	bad := &nb.Notebook{Cells: []*nb.Cell{
		code("!*go work use .\n%goworkfix"), // no tag either: still the set-up cell
		code("%%\nfmt.Println(strings.Repeat(\"x\", 3), cfg.N)"),
		code("import \"strings\"\n\nvar cfg = struct{ N int }{1}"),
	}}
	got := strings.Join(importProblems(bad), "\n")
	for _, want := range []string{`does not import "flag"`, "uses package fmt", "uses package strings", "uses cfg before the cell that declares it"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, p := range []struct{ path, name string }{
		{"math/rand/v2", "rand"}, {"gopkg.in/yaml.v3", "yaml"}, {"github.com/mattn/go-isatty", "isatty"},
		{"k8s.io/api/core/v1", "core"}, {"example.com/v2", "example"}, {"gonum.org/v1/gonum/floats", "floats"},
	} {
		spec := &ast.ImportSpec{Path: &ast.BasicLit{Value: strconv.Quote(p.path)}}
		if got := importName(spec); got != p.name {
			t.Errorf("importName(%q) = %q, want %q", p.path, got, p.name)
		}
	}
}

// TestSetupWarmsCellFlags: every set-up cell builds with the flags setup.sh
// warms the build cache with (CELL_GOFLAGS, used by its warm-up build), and
// no later cell changes them: other flags would leave the first cell of
// every notebook compiling gonum and hwkit, 45-75 s cold.
func TestSetupWarmsCellFlags(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "kernel-config", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^CELL_GOFLAGS=\((.*)\)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("setup.sh has no CELL_GOFLAGS=(…) line")
	}
	if !regexp.MustCompile(`(?m)go build "\$\{CELL_GOFLAGS\[@\]\}"`).Match(b) {
		t.Error(`setup.sh's warm-up does not build with "${CELL_GOFLAGS[@]}"`)
	}
	warm, ok := nb.ShellFields(string(m[1]))
	if !ok {
		t.Fatalf("CELL_GOFLAGS=(%s) does not parse", m[1])
	}
	for _, name := range notebooks(t) {
		n, err := nb.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range n.Code() {
			flags, set := nb.GoFlags(c.Source)
			switch {
			case i == 0 && !set:
				t.Errorf("%s: the set-up cell has no %%goflags line", name)
			case i == 0 && !slices.Equal(flags, warm):
				t.Errorf("%s: the set-up cell builds with %q, setup.sh warms the cache with %q", name, flags, warm)
			case i > 0 && set:
				t.Errorf("%s: code cell %d (%s) changes the build flags: they belong in the set-up cell", name, i, c.FirstLine())
			}
		}
	}
}
