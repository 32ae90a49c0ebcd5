package nb

import (
	"fmt"
	"strings"
)

// SplitGo splits a GoNB cell into its Go declarations (the lines before
// %%) and the statements of its main (after %%), leaving out GoNB's magics
// (%…) and shell lines (!…).
func SplitGo(src string) (decls, body string) {
	var d, b []string
	inBody := false
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "%%":
			inBody = true
		case strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!"):
		case inBody:
			b = append(b, l)
		default:
			d = append(d, l)
		}
	}
	return strings.Join(d, "\n"), strings.Join(b, "\n")
}

// GoFlags returns the build flags of a GoNB cell's %goflags line, split as
// a shell splits them (double and single quotes group, a backslash escapes
// the next character outside single quotes), and whether the cell has one.
// It returns an error for an unterminated quote.
func GoFlags(src string) ([]string, bool, error) {
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(l, "%goflags"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			f, err := ShellFields(rest)
			return f, true, err
		}
	}
	return nil, false, nil
}

// ShellFields splits s into words the way a POSIX shell does for plain
// words and quotes (no expansions).
func ShellFields(s string) ([]string, error) {
	var out []string
	var w strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			w.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if inWord {
		out = append(out, w.String())
	}
	return out, nil
}
