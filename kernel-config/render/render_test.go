package render

import (
	"reflect"
	"strings"
	"testing"
)

func TestRemoveMath(t *testing.T) {
	for _, tc := range []struct {
		in, text string
		math     []string
	}{
		{"hello, $ \\alpha $, there", "hello, @@0@@, there", []string{"$ \\alpha $"}},
		{"$$x^2$$ and $y$", "@@0@@ and @@1@@", []string{"$$x^2$$", "$y$"}},
		// Dollars in code are not math.
		{"`$foo` and `$bar` are variables", "`$foo` and `$bar` are variables", nil},
		{"```\necho $HOME $PATH\n```\nthen $z$", "```\necho $HOME $PATH\n```\nthen @@0@@", []string{"$z$"}},
		{"`a`$x$`b`", "`a`@@0@@`b`", []string{"$x$"}},
		// Environments, and the doubled backslash delimiters of markdown.
		{"\\begin{aligned}a &= b\\end{aligned} ok", "@@0@@ ok", []string{"\\begin{aligned}a &= b\\end{aligned}"}},
		{"\\\\(x\\\\) and \\\\[y\\\\]", "@@0@@ and @@1@@", []string{"\\\\(x\\\\)", "\\\\[y\\\\]"}},
		// A single backslash is a markdown escape: no math.
		{"\\(x\\)", "\\(x\\)", nil},
		// Braces: a $ inside braces does not end the formula.
		{"${a$b}$ end", "@@0@@ end", []string{"${a$b}$"}},
		// A formula does not continue across a blank line.
		{"$a\n\nb$", "$a\n\nb$", nil},
		// An escaped dollar is text.
		{"costs \\$5 and $x$", "costs \\$5 and @@0@@", []string{"$x$"}},
		// Marker-like text of the author is kept.
		{"@@3@@ $x$", "@@0@@ @@1@@", []string{"@@3@@", "$x$"}},
	} {
		text, math := RemoveMath(tc.in)
		if text != tc.text || !reflect.DeepEqual(math, tc.math) {
			t.Errorf("RemoveMath(%q) = %q, %q; want %q, %q", tc.in, text, math, tc.text, tc.math)
		}
	}
}

func TestReference(t *testing.T) {
	md := "<!-- BEGIN SOLUTION -->\n**Derivation.** With $a_i$ and\n\n$$\\boxed{x}$$\n\n| a | $b$ |\n|---|---|\n| 1 | 2 |\n<!-- END SOLUTION -->\n"
	got, err := Reference(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<!-- BEGIN SOLUTION -->",
		"<p><strong>Derivation.</strong> With <span class=\"hw2-math\" data-display=\"false\">$a_i$</span> and</p>",
		"<p><span class=\"hw2-math\" data-display=\"true\">$$\\boxed{x}$$</span></p>",
		"<table>", "<th><span class=\"hw2-math\" data-display=\"false\">$b$</span></th>", "<td>1</td>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reference lacks %q:\n%s", want, got)
		}
	}
	// Math keeps <, > and & as text.
	got, _ = Reference("$a<b$")
	if !strings.Contains(got, "$a&lt;b$") {
		t.Errorf("got %q", got)
	}
}
