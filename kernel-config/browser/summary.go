package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Summary is what a reader sees of one rendered markdown cell: how many of
// each structural element it shows, and its visible text with each formula
// one token (⟦math⟧) and whitespace collapsed. Two renderings of the same
// markdown that a reader would see alike have equal summaries.
type Summary struct {
	// Counts maps an element kind to its number: heading, paragraph,
	// bold, italic, list, item, table, row, cell, code (spans), codeblock,
	// link, rule, image, math.
	Counts map[string]int
	Text   string
}

// Kinds are the element kinds a Summary counts, in the order differences
// are reported.
var Kinds = []string{"heading", "paragraph", "bold", "italic", "list", "item", "table", "row", "cell",
	"code", "codeblock", "link", "rule", "image", "math"}

// Diff describes the first difference between want and got, or "" when a
// reader sees them alike.
func (want Summary) Diff(got Summary) string {
	var counts []string
	for _, k := range Kinds {
		if want.Counts[k] != got.Counts[k] {
			counts = append(counts, fmt.Sprintf("%s %d, want %d", k, got.Counts[k], want.Counts[k]))
		}
	}
	for k := range got.Counts {
		if _, known := want.Counts[k]; !known && got.Counts[k] != 0 && !contains(Kinds, k) {
			counts = append(counts, fmt.Sprintf("%s %d, want 0", k, got.Counts[k]))
		}
	}
	text := ""
	if want.Text != got.Text {
		w, g := []rune(want.Text), []rune(got.Text)
		i := 0
		for i < len(w) && i < len(g) && w[i] == g[i] {
			i++
		}
		lo := max(0, i-30)
		clip := func(r []rune) string { return string(r[min(lo, len(r)):min(len(r), i+50)]) }
		text = fmt.Sprintf("text differs at %q: got %q…, want %q…", string(w[lo:i]), clip(g), clip(w))
	}
	switch {
	case len(counts) > 0 && text != "":
		return strings.Join(counts, ", ") + "; " + text
	case len(counts) > 0:
		return strings.Join(counts, ", ")
	}
	return text
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// summarizeJS defines hw2Summarize(root), which returns the Summary of a
// rendered markdown element. Formulas are MathJax 3 containers (the live
// front ends, the static exports), MathJax 2 output, or the reference's
// span.hw2-math; the anchor links that front ends add to headings are left
// out. A paragraph that holds nothing but formulas (display math, which
// some renderers wrap in <p> and others do not) is not counted as one.
const summarizeJS = `window.hw2Summarize = function (root) {
  const kinds = {H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading',
    P: 'paragraph', STRONG: 'bold', B: 'bold', EM: 'italic', I: 'italic', UL: 'list', OL: 'list', LI: 'item',
    TABLE: 'table', TR: 'row', TH: 'cell', TD: 'cell', PRE: 'codeblock', A: 'link', HR: 'rule', IMG: 'image'};
  const blocks = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'TABLE', 'TR', 'TH', 'TD', 'PRE', 'BLOCKQUOTE', 'BR', 'HR',
    'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'THEAD', 'TBODY']);
  const counts = {};
  const text = [];
  const isMath = el => el.tagName === 'MJX-CONTAINER' || el.classList.contains('hw2-math') ||
    el.classList.contains('MathJax') || el.classList.contains('MathJax_Display') ||
    (el.tagName === 'SCRIPT' && /^math\/tex/.test(el.type || ''));
  const skip = el => ['STYLE', 'SCRIPT', 'MJX-ASSISTIVE-MML', 'TEMPLATE'].includes(el.tagName) ||
    el.classList.contains('MathJax_Preview') || el.classList.contains('anchor-link') ||
    el.classList.contains('jp-InternalAnchorLink');
  const onlyMath = el => [...el.childNodes].every(n => n.nodeType === 3 ? n.textContent.trim() === '' :
    n.nodeType !== 1 || isMath(n) || n.tagName === 'BR');
  const walk = n => {
    if (n.nodeType === 3) { text.push(n.textContent); return; }
    if (n.nodeType !== 1) return;
    if (isMath(n)) { counts.math = (counts.math || 0) + 1; text.push(' \u27e6math\u27e7 '); return; }
    if (skip(n)) return;
    let kind = kinds[n.tagName];
    if (n.tagName === 'CODE' && !n.closest('pre')) kind = 'code';
    if (kind === 'paragraph' && onlyMath(n)) kind = null;
    if (kind) counts[kind] = (counts[kind] || 0) + 1;
    const block = blocks.has(n.tagName);
    if (block) text.push(' ');
    for (const c of n.childNodes) walk(c);
    if (block) text.push(' ');
  };
  for (const c of root.childNodes) walk(c);
  return {Counts: counts, Text: text.join('').replace(/\s+/g, ' ').trim()};
};
true`

// Summarize summarizes HTML fragments (a reference rendering, a Markdown
// export rendered again) in the browser context, each as the content of one
// element, with the same rules as the pages' own cells.
func Summarize(ctx context.Context, fragments []string) ([]Summary, error) {
	ctx, closeTab := chromedp.NewContext(ctx)
	defer closeTab()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return nil, fmt.Errorf("browser: summarizing: %w", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]Summary](summarizeJS+`;
	  (function (fragments) { return fragments.map(f => { const d = document.createElement('div'); d.innerHTML = f; return hw2Summarize(d); }); })(`+jsString(fragments)+`)`))
	if err != nil {
		return nil, fmt.Errorf("browser: summarizing: %w", err)
	}
	return out, nil
}

// jsString writes fragments as a JavaScript array literal.
func jsString(fragments []string) string {
	b, _ := json.Marshal(fragments)
	return string(b)
}

// PageMarkdown opens the HTML page at path (a local file) and summarizes
// every element matching selector, in document order: e.g. the rendered
// markdown cells of nbgrader's feedback (".text_cell_render").
func PageMarkdown(ctx context.Context, path, selector string) ([]Summary, error) {
	tab, cancel, err := open(ctx, path, 1200, 1500)
	if err != nil {
		return nil, err
	}
	defer cancel()
	sel, _ := json.Marshal(selector)
	out, err := chromedp.Run(tab, chromedp.Evaluate[[]Summary](summarizeJS+`;
	  [...document.querySelectorAll(`+string(sel)+`)].map(e => hw2Summarize(e))`))
	if err != nil {
		return nil, fmt.Errorf("browser: summarizing %s: %w", path, err)
	}
	return out, nil
}
