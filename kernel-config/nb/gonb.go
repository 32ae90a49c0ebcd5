package nb

import (
	"slices"
	"strings"
)

// The functions below read a GoNB cell the way GoNB v0.11.4 does
// (internal/specialcmd/specialcmd.go Parse, joinLine and splitCmd;
// internal/goexec/composer.go for the start of main), so the tests that
// use them see the flags and the Go code GoNB builds.

// gonbPrefix escapes a special command as a Go comment (GoNB's
// GonbCommentPrefix).
const gonbPrefix = "//gonb:"

// isMain reports whether a line starts GoNB's main: %main, or %% alone or
// followed by a space or a tab (its arguments).
func isMain(line string) bool {
	t := strings.TrimPrefix(line, gonbPrefix)
	return strings.HasPrefix(t, "%main") ||
		strings.HasPrefix(t, "%%") && (len(t) == 2 || t[2] == ' ' || t[2] == '\t')
}

// special reports whether a line is a special command (a magic %… or a
// shell line !…): its first character, after an optional //gonb: prefix.
func special(line string) bool {
	t := strings.TrimPrefix(line, gonbPrefix)
	return len(t) > 1 && (t[0] == '%' || t[0] == '!')
}

// commands returns the cell's special commands, each with its
// continuation lines (a line ending in \ continues on the next) joined by
// a space, without the //gonb: prefix, and the indices of the lines they
// take.
func commands(lines []string) (cmds []string, used map[int]bool) {
	used = map[int]bool{}
	for i := 0; i < len(lines); i++ {
		if !special(lines[i]) || isMain(lines[i]) {
			continue
		}
		cmd := ""
		for ; i < len(lines); i++ {
			cmd += strings.TrimPrefix(lines[i], gonbPrefix)
			used[i] = true
			if !strings.HasSuffix(cmd, `\`) {
				break
			}
			cmd = cmd[:len(cmd)-1] + " "
		}
		cmds = append(cmds, cmd)
	}
	return cmds, used
}

// SplitGo splits a GoNB cell into its Go declarations (the lines before
// the line that starts main: %% or %main) and the statements of its main
// (after it), leaving out GoNB's special commands (%… and !… lines, with
// their continuation lines).
func SplitGo(src string) (decls, body string) {
	lines := strings.Split(src, "\n")
	_, used := commands(lines)
	var d, b []string
	inBody := false
	for i, l := range lines {
		switch {
		case isMain(l):
			inBody = true
		case used[i]:
		case inBody:
			b = append(b, l)
		default:
			d = append(d, l)
		}
	}
	return strings.Join(d, "\n"), strings.Join(b, "\n")
}

// GoFlags returns the build flags a GoNB cell sets with %goflags, and
// whether it sets them. As in GoNB the last %goflags line wins, empty
// arguments are dropped, and a bare %goflags (which only prints the flags)
// sets nothing.
func GoFlags(src string) (flags []string, set bool) {
	cmds, _ := commands(strings.Split(src, "\n"))
	for _, c := range cmds {
		parts := splitCmd(strings.TrimLeft(c[1:], " \t"))
		if c[0] != '%' || len(parts) < 2 || parts[0] != "goflags" {
			continue
		}
		flags, set = slices.DeleteFunc(parts[1:], func(s string) bool { return s == "" }), true
	}
	return flags, set
}

// splitCmd splits a special command into words as GoNB does: spaces, tabs
// and newlines separate words outside double quotes; a double quote starts
// or ends a quoted part (so "" is an empty word); inside quotes a
// backslash escapes the next character, \n and \t standing for a newline
// and a tab; outside quotes a backslash is an ordinary character, and
// single quotes are not quotes.
func splitCmd(cmd string) (parts []string) {
	started, quoted := false, false
	var part strings.Builder
	for pos := 0; pos < len(cmd); pos++ {
		c := cmd[pos]
		switch {
		case !quoted && (c == ' ' || c == '\t' || c == '\n'):
			if started {
				parts = append(parts, part.String())
			}
			part.Reset()
			started = false
			continue
		case c == '"':
			quoted = !quoted
			started = true
			continue
		case c == '\\' && quoted:
			if pos == len(cmd)-1 {
				return append(parts, part.String())
			}
			pos++
			c = cmd[pos]
			switch c {
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			}
		}
		part.WriteByte(c)
		started = true
	}
	if started {
		parts = append(parts, part.String())
	}
	return parts
}

// ShellFields splits the words of a bash array literal's contents, such as
// the (…) of CELL_GOFLAGS=(…) in setup.sh, for plain words and quotes
// only: blanks separate words; single quotes keep everything up to the
// next single quote; double quotes group, a backslash inside them escaping
// only $, `, ", \ and a newline; a backslash outside quotes escapes any
// character. It returns false for an unterminated quote or a trailing
// backslash. It does no expansions.
func ShellFields(s string) ([]string, bool) {
	var out []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 == len(s) {
				return nil, false
			}
			i++
			w.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			inWord = true
			for i++; ; i++ {
				if i == len(s) {
					return nil, false
				}
				if s[i] == '"' {
					break
				}
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, w.String())
	}
	return out, true
}
