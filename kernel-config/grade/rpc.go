package grade

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
	"time"

	"github.com/dl-course/hw2/kernel-config/nb"
)

// signature is an answer function's parameter and result types, as source.
type signature struct {
	name            string
	params, results []string
}

// signatures returns the answer functions (your…) an answer cell of the
// source notebook declares, with their types.
func signatures(src string) ([]signature, error) {
	d, _ := nb.SplitGo(src)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", "package cell\n"+d, 0)
	if err != nil {
		return nil, err
	}
	types := func(fl *ast.FieldList) ([]string, error) {
		var out []string
		if fl == nil {
			return nil, nil
		}
		for _, field := range fl.List {
			if _, variadic := field.Type.(*ast.Ellipsis); variadic {
				return nil, fmt.Errorf("variadic parameters are not supported")
			}
			var b bytes.Buffer
			if err := printer.Fprint(&b, fset, field.Type); err != nil {
				return nil, err
			}
			n := max(1, len(field.Names))
			for range n {
				out = append(out, b.String())
			}
		}
		return out, nil
	}
	var out []signature
	for _, x := range f.Decls {
		fd, ok := x.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || !answerFuncRE.MatchString(fd.Name.Name) {
			continue
		}
		if fd.Type.TypeParams != nil {
			return nil, fmt.Errorf("%s: generic answer functions are not supported", fd.Name.Name)
		}
		s := signature{name: fd.Name.Name}
		if s.params, err = types(fd.Type.Params); err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		if s.results, err = types(fd.Type.Results); err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// stub is the checker's version of an answer function: it sends the call
// to the answer server and returns what comes back.
func (s signature) stub() string {
	var params, args, results, outs []string
	for i, t := range s.params {
		params = append(params, fmt.Sprintf("a%d %s", i, t))
		args = append(args, fmt.Sprintf("a%d", i))
	}
	for i, t := range s.results {
		results = append(results, fmt.Sprintf("r%d %s", i, t))
		outs = append(outs, fmt.Sprintf("&r%d", i))
	}
	return fmt.Sprintf("func %s(%s) (%s) {\n\thw2Call(%q, []any{%s}, []any{%s})\n\treturn\n}",
		s.name, strings.Join(params, ", "), strings.Join(results, ", "), s.name, strings.Join(args, ", "), strings.Join(outs, ", "))
}

// dispatch is the answer server's case for one answer function: read the
// arguments, run the function with panics caught, reply.
func (s signature) dispatch() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\tcase %q:\n", s.name)
	var args, rs []string
	for i, t := range s.params {
		fmt.Fprintf(&b, "\t\tvar a%d %s\n\t\thw2Read(&a%d)\n", i, t, i)
		args = append(args, fmt.Sprintf("a%d", i))
	}
	for i, t := range s.results {
		fmt.Fprintf(&b, "\t\tvar r%d %s\n", i, t)
		rs = append(rs, fmt.Sprintf("r%d", i))
	}
	call := fmt.Sprintf("%s(%s)", s.name, strings.Join(args, ", "))
	if len(rs) > 0 {
		call = strings.Join(rs, ", ") + " = " + call
	}
	fmt.Fprintf(&b, "\t\tif msg := hw2Run(func() { %s }); msg != \"\" {\n\t\t\thw2Reply(msg)\n\t\t\tcontinue\n\t\t}\n", call)
	fmt.Fprintf(&b, "\t\thw2Reply(\"\"%s)\n", prefixed(rs))
	return b.String()
}

func prefixed(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return ", " + strings.Join(xs, ", ")
}

// clientRuntime is the checker's side of the pipe: the answer server's
// requests go to file descriptor 3, its replies come from 4. A call that
// fails (the server ended, panicked or did not answer within the limit)
// fails the check with a readable line and exit status 1.
func clientRuntime(callTimeout time.Duration) string {
	return fmt.Sprintf(`var (
	hw2Out = gob.NewEncoder(os.NewFile(3, "requests"))
	hw2In  = gob.NewDecoder(os.NewFile(4, "replies"))
)

func hw2Call(name string, args, results []any) {
	done := make(chan string, 1)
	go func() {
		fail := func(err error) { done <- err.Error() }
		if err := hw2Out.Encode(name); err != nil {
			fail(err)
			return
		}
		for _, a := range args {
			if err := hw2Out.Encode(a); err != nil {
				fail(err)
				return
			}
		}
		var msg string
		if err := hw2In.Decode(&msg); err != nil {
			fail(err)
			return
		}
		if msg != "" {
			done <- msg
			return
		}
		for _, r := range results {
			if err := hw2In.Decode(r); err != nil {
				fail(err)
				return
			}
		}
		done <- ""
	}()
	select {
	case msg := <-done:
		if msg == "" {
			return
		}
		if msg == "EOF" || strings.Contains(msg, "broken pipe") || strings.Contains(msg, "unexpected EOF") {
			msg = "your program ended before it answered (an exit, a crash, or the memory limit)"
		}
		fmt.Printf("✗ %%s: %%s\n", name, msg)
	case <-time.After(%d * time.Millisecond):
		fmt.Printf("✗ %%s: no answer within %%v (the time limit of a call)\n", name, time.Duration(%d)*time.Millisecond)
	}
	os.Exit(1)
}`, callTimeout.Milliseconds(), callTimeout.Milliseconds())
}

// serverRuntime is the answer server's side: it keeps its own handles on
// the pipe before any student code runs (package-level variables of this
// file, initialized first), sends the student's prints to standard error,
// and answers calls until the checker closes the pipe.
const serverRuntime = `var (
	hw2In  = gob.NewDecoder(os.NewFile(3, "requests"))
	hw2Out = gob.NewEncoder(os.NewFile(4, "replies"))
	_      = hw2QuietStdout()
)

func hw2QuietStdout() bool { os.Stdout = os.Stderr; return true }

func hw2Read(v any) {
	if err := hw2In.Decode(v); err != nil {
		os.Exit(3)
	}
}

func hw2Reply(msg string, results ...any) {
	if err := hw2Out.Encode(msg); err != nil {
		os.Exit(3)
	}
	for _, r := range results {
		if err := hw2Out.Encode(r); err != nil {
			os.Exit(3)
		}
	}
}

func hw2Run(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("your function panicked: %v", r)
		}
	}()
	f()
	return ""
}`

// serverMain is the answer server's main: one dispatch case per function.
func serverMain(sigs []signature) string {
	var b strings.Builder
	b.WriteString("\tfor {\n\t\tvar name string\n\t\tif err := hw2In.Decode(&name); err != nil {\n\t\t\treturn\n\t\t}\n\t\tswitch name {\n")
	for _, s := range sigs {
		b.WriteString(s.dispatch())
	}
	b.WriteString("\t\tdefault:\n\t\t\thw2Reply(\"no answer function \" + name)\n\t\t}\n\t}")
	return b.String()
}
