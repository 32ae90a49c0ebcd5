package browser_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/browser"
	"github.com/dl-course/hw2/kernel-config/runner"
)

// chromium returns the browser recorded by setup.sh, or skips (fails under
// CI=true or HW2_REQUIRE_NOTEBOOKS=1).
func chromium(t *testing.T) string {
	t.Helper()
	repo, err := runner.FindRepo(".")
	if err != nil {
		t.Fatal(err)
	}
	path, err := runner.Env{Repo: repo}.Chromium()
	if err != nil {
		if os.Getenv("CI") == "true" || os.Getenv("HW2_REQUIRE_NOTEBOOKS") == "1" {
			t.Fatalf("no Chromium recorded by setup.sh: %v", err)
		}
		t.Skipf("no Chromium (run kernel-config/setup.sh): %v", err)
	}
	return path
}

// Inspect finds what a broken page hides: a formula that failed, text that
// still holds raw TeX, an image that does not load, a remote script.
func TestInspectFindsProblems(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "p.html")
	html := `<!DOCTYPE html><html><head><script src="https://cdn.example.org/x.js"></script>
<style>@import url("https://fonts.example.org/a.css");</style></head><body>
<div class="jp-Cell jp-MarkdownCell"><p>Raw $x^2$ left in the text.</p><mjx-container><mjx-merror data-mjx-error="Missing close brace">\frac{1}{</mjx-merror></mjx-container></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea"><pre>plot.Show(f)</pre></div>
 <div class="jp-OutputArea"><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="><img src="missing.png"><table><tr><td>1</td></tr></table></div></div>
<div class="jp-Cell jp-CodeCell"><pre style="white-space: pre">` + strings.Repeat("x", 300) + `</pre></div>
<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown"><p style="font-size: 14px">Body.</p><table style="font-size: 8px"><tr><td>tiny</td></tr></table></div></div>
<p><a href="https://example.org/">a plain link is fine</a></p>
</body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel, err := browser.Start(context.Background(), chromium(t))
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	p, err := browser.Inspect(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cells) != 4 || !p.Cells[1].Code || p.Cells[1].Images != 2 || p.Cells[1].Visible != 1 || p.Cells[1].Tables != 1 {
		t.Errorf("cells %+v", p.Cells)
	}
	if len(p.MathErrors) == 0 || !strings.Contains(p.MathErrors[0], "Missing close brace") {
		t.Errorf("math errors %q", p.MathErrors)
	}
	if len(p.RawTeX) != 1 || p.RawTeX[0] != "$x^2$" {
		t.Errorf("raw TeX %q", p.RawTeX)
	}
	if len(p.Overflow) != 2 || !strings.HasPrefix(p.Overflow[0], "cell 2: pre") || !strings.HasPrefix(p.Overflow[1], "cell 3: td in a table is 8.0 px, under 85 % of the body text (14 px)") {
		t.Errorf("overflow %q", p.Overflow)
	}
	if len(p.Remote) != 2 {
		t.Errorf("remote resources %q (the plain link is not one)", p.Remote)
	}
}
