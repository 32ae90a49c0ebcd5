// Package browser drives headless Chromium (through the DevTools protocol,
// chromedp) for the checks that need a real browser: that an HTML export
// renders (math without errors, every plot visible, every table present) and
// that a notebook runs in a real Jupyter front end.
package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Start launches headless Chromium (the binary at path) with a throw-away
// profile and the flags a closed network needs, and returns a browser
// context. Cancel it to close the browser.
func Start(ctx context.Context, path string) (context.Context, context.CancelFunc, error) {
	profile, err := os.MkdirTemp("", "hw2-chromedp-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1200, 1500),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
		return nil, nil, fmt.Errorf("browser: starting %s: %w", path, err)
	}
	return bctx, func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}, nil
}

// CellReport is what one notebook cell of an HTML export shows.
type CellReport struct {
	// Index is the cell's position among the page's cells.
	Index int
	// Code is true for a code cell; Source is the first line of its input.
	Code   bool
	Source string
	// Images counts the <img> elements, Visible those that loaded with a
	// non-zero size; Tables counts the <table> elements of the outputs.
	Images, Visible, Tables int
}

// Page is what a rendered HTML export holds after loading.
type Page struct {
	// Cells lists the page's notebook cells in order.
	Cells []CellReport
	// Formulas counts the typeset formulas (MathJax 3 containers).
	Formulas int
	// MathErrors holds the text of every formula that rendered as an error
	// (MathJax 3 mjx-merror/data-mjx-error, MathJax 2 MathJax_Error, merror).
	MathErrors []string
	// RawTeX holds text that still looks like unrendered math ($…$ in plain
	// text outside code): the math was not typeset.
	RawTeX []string
	// Remote lists every script, stylesheet, image, frame or media source
	// that would be fetched from the network.
	Remote []string
	// Overflow lists what sticks out of the printed page (A4, Chromium's
	// default margins) and so is cut off in the PDF: "cell N: TAG is W px
	// wider than the page".
	Overflow []string
}

// PrintWidth is the width in CSS pixels of the printable area of an A4 page
// with Chromium's default margins (8.27 in − 2 × 0.4 in, at 96 px per inch).
const PrintWidth = 717

// overflowJS lists the elements of the cells that stick out of the page
// width or are wider than their own box (and so clipped or scrolled).
const overflowJS = `(() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  document.querySelectorAll('.jp-Cell').forEach((c, i) => {
    for (const el of c.querySelectorAll('pre, table, img, mjx-container, .jp-OutputArea-output, .jp-RenderedHTMLCommon')) {
      const r = el.getBoundingClientRect();
      const over = Math.max(r.right - limit, el.scrollWidth - el.clientWidth);
      if (r.width > 0 && over > 2) {
        const what = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
        out.push('cell ' + i + ': ' + what + ' is ' + Math.round(over) + ' px wider than the printed page: ' + (el.innerText || el.getAttribute('alt') || '').trim().split('\n')[0].slice(0, 70));
        break;
      }
    }
  });
  return out;
})()`

// inspectJS collects Page in the browser.
const inspectJS = `(() => {
  const cells = [...document.querySelectorAll('.jp-Cell')].map((c, i) => {
    const imgs = [...c.querySelectorAll('.jp-OutputArea img, .jp-Cell-outputWrapper img')];
    const input = c.querySelector('.jp-InputArea-editor, .jp-Editor, pre');
    return {
      Index: i,
      Code: c.classList.contains('jp-CodeCell'),
      Source: c.classList.contains('jp-CodeCell') && input ? (input.innerText || '').trim().split('\n')[0] : '',
      Images: imgs.length,
      Visible: imgs.filter(im => im.complete && im.naturalWidth > 0 && im.naturalHeight > 0 && im.getBoundingClientRect().width > 0).length,
      Tables: c.querySelectorAll('.jp-OutputArea table, .jp-Cell-outputWrapper table').length,
    };
  });
  const errs = [...document.querySelectorAll('mjx-merror, [data-mjx-error], .MathJax_Error, merror')]
    .map(e => (e.getAttribute('data-mjx-error') || e.textContent || '').trim());
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement && n.parentElement.closest('pre, code, script, style, mjx-container, .jp-OutputArea-output, .jp-InputArea')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = n.textContent.match(/\$\$[^$]+\$\$|\$[^$\s][^$]*\$|\\\(|\\\[/);
    if (m) raw.push(m[0].slice(0, 80));
  }
  const remote = [];
  for (const el of document.querySelectorAll('script[src], link[href], img[src], iframe[src], video[src], audio[src], source[src], embed[src], object[data]')) {
    const url = el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('data') || '';
    const isLink = el.tagName === 'LINK' && !/stylesheet|icon|preload|import/.test(el.getAttribute('rel') || '');
    if (/^(https?:)?\/\//i.test(url) && !isLink) remote.push(el.tagName.toLowerCase() + ' ' + url);
  }
  for (const s of document.querySelectorAll('style')) {
    for (const m of s.textContent.matchAll(/@import\s+(url\()?['"]?((https?:)?\/\/[^'")\s]+)/g)) remote.push('@import ' + m[2]);
    for (const m of s.textContent.matchAll(/url\(\s*['"]?((https?:)?\/\/[^'")\s]+)/g)) {
      if (!remote.some(r => r.endsWith(' ' + m[1]))) remote.push('url() ' + m[1]);
    }
  }
  return {Cells: cells, Formulas: document.querySelectorAll('mjx-container').length, MathErrors: errs, RawTeX: raw, Remote: remote};
})()`

// Inspect opens the HTML file at path in the browser context and reports
// what it shows, after the page and its images have loaded.
func Inspect(ctx context.Context, path string) (*Page, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1200, 1500),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
			return err
		}),
		chromedp.Navigate("file://"+abs),
		chromedp.WaitReady(chromedp.Search("body")),
	)
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`[...document.images].every(im => im.complete)`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	var page Page
	if err == nil {
		page, err = chromedp.Run(ctx, chromedp.Evaluate[Page](inspectJS))
	}
	// The same page as printed: print media, the width of an A4 page.
	if err == nil {
		err = chromedp.Do(ctx,
			chromedp.EmulateViewport(PrintWidth, 1000),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}),
		)
	}
	if err == nil {
		page.Overflow, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](overflowJS))
	}
	if err != nil {
		return nil, fmt.Errorf("browser: inspecting %s: %w", path, err)
	}
	return &page, nil
}

// ClientCell is one code cell as a real Jupyter front end ran it.
type ClientCell struct {
	// Index is the cell's position in the notebook; Prompt its execution
	// count as the front end shows it.
	Index  int
	Prompt int
	// Errors holds the error values of the cell's error outputs.
	Errors []string
	// Text is the cell's stream output.
	Text string
}

// ClientRun is the result of running a notebook in a real front end.
type ClientRun struct {
	Cells []ClientCell
	// Screenshot is a PNG of the page after the run.
	Screenshot []byte
}

// RunInClassicNotebook opens url (a notebook page of a running classic
// Jupyter Notebook server, token included) in the browser context, waits for
// the kernel, runs all cells as a user's "Run All" does, waits until every
// code cell has run and the kernel is idle, and reports each code cell's
// prompt number, errors and text.
func RunInClassicNotebook(ctx context.Context, url string, timeout time.Duration) (*ClientRun, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(stage string, err error) (*ClientRun, error) {
		return nil, fmt.Errorf("browser: %s %s: %w", stage, url, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return fail("opening", err)
	}
	const ready = `typeof Jupyter !== 'undefined' && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(2*time.Minute), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		title, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title + ': ' + document.body.innerText.slice(0, 300)`))
		return fail("waiting for the kernel of", fmt.Errorf("%w (page: %q)", err, title))
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.execute_all_cells(); true`)); err != nil {
		return fail("running the cells of", err)
	}
	const done = `(() => {
	  const code = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
	  const ran = code.every(c => typeof c.input_prompt_number === 'number');
	  return ran && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
	})()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(250*time.Millisecond))); err != nil {
		return fail("waiting for the cells of", err)
	}
	const collect = `Jupyter.notebook.get_cells().map((c, i) => c.cell_type !== 'code' ? null : {
	  Index: i,
	  Prompt: c.input_prompt_number,
	  Errors: c.output_area.outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
	  Text: c.output_area.outputs.filter(o => o.output_type === 'stream').map(o => o.text).join(''),
	}).filter(c => c !== null)`
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]ClientCell](collect))
	if err != nil {
		return fail("reading the outputs of", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return fail("taking a screenshot of", err)
	}
	return &ClientRun{Cells: cells, Screenshot: shot}, nil
}
