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
	"github.com/chromedp/cdproto/page"
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
	// Markdown is what a markdown cell shows (nil for other cells).
	Markdown *Summary
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
	// default margins) and so is cut off in the PDF ("cell N: TAG is W px
	// wider than the page"), and table text or formulas printed too small.
	Overflow []string
}

// PrintWidth is the width in CSS pixels of the printable area of an A4 page
// with Chromium's default margins (8.27 in − 2 × 0.4 in, at 96 px per inch).
const PrintWidth = 717

// minTableText is the least font size of a table's text and formulas in
// print, as a fraction of the body text's.
const minTableText = "0.85"

// overflowJS lists the elements of the cells that stick out of the page
// width or are wider than their own box (and so clipped or scrolled), and
// the tables whose text or formulas print smaller than minTableText of the
// body text.
const overflowJS = `(() => {
  const limit = document.documentElement.clientWidth;
  const para = document.querySelector('.jp-RenderedMarkdown p');
  const body = para ? parseFloat(getComputedStyle(para).fontSize) : 14;
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
    // Text and formulas in tables stay readable: at least minTableText of
    // the body text's size.
    for (const el of c.querySelectorAll('table td, table th, table mjx-container')) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < ` + minTableText + ` * body) {
        out.push('cell ' + i + ': ' + el.tagName.toLowerCase() + ' in a table is ' + size.toFixed(1) + ' px, under ' + Math.round(100 * ` + minTableText + `) + ' % of the body text (' + body + ' px): ' + (el.innerText || '').trim().slice(0, 40));
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
      Markdown: c.classList.contains('jp-MarkdownCell') ? hw2Summarize(c.querySelector('.jp-RenderedMarkdown') || c) : null,
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
		page, err = chromedp.Run(ctx, chromedp.Evaluate[Page](summarizeJS+";\n"+inspectJS))
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

// ClientCell is one cell as a real Jupyter front end ran and rendered it.
type ClientCell struct {
	// Index is the cell's position in the notebook; Type is "code",
	// "markdown" or "raw".
	Index int
	Type  string
	// Prompt is a code cell's execution count as the front end shows it
	// (0 when it did not run).
	Prompt int
	// Errors holds the error values of the cell's error outputs.
	Errors []string
	// Text is the cell's stream output.
	Text string
	// Images counts the output images, Visible those that loaded with a
	// non-zero size; Tables counts the output tables.
	Images, Visible, Tables int
	// HTML is a markdown cell's rendered HTML, Markdown what it shows.
	HTML     string
	Markdown *Summary
}

// ClientRun is the result of running a notebook in a real front end.
type ClientRun struct {
	Cells []ClientCell
	// MathErrors holds the text of every formula MathJax rendered as an
	// error; Formulas counts the typeset formulas.
	MathErrors []string
	Formulas   int
	// Screenshot is a PNG of the whole notebook after the run.
	Screenshot []byte
}

// The front-end scripts below use JupyterLab's application object, which
// JupyterLab 4 and Notebook 7 expose as window.jupyterapp when started with
// --expose-app-in-browser. The notebook is the panel in the main area whose
// document is the page's (window.__hw2path), not the shell's current widget:
// a headless page never has the focus that makes a widget current.
const (
	panelJS = `(() => { const a = window.jupyterapp;
	  return a && a.shell ? [...a.shell.widgets('main')].find(w => w.content && w.sessionContext &&
	    w.context && w.context.path === window.__hw2path) || null : null; })()`
	// readyJS: the kernel is connected. (GoNB reports no status before its
	// first execution, so "unknown" counts as ready.)
	readyJS = `(() => { const p = ` + panelJS + `;
	  const k = p && p.sessionContext.isReady && p.sessionContext.session && p.sessionContext.session.kernel;
	  return !!(k && k.connectionStatus === 'connected' && (k.status === 'idle' || k.status === 'unknown') && p.content.widgets.length > 0);
	})()`
	// runAllJS activates the notebook (the commands act on the active one)
	// and runs Run All.
	runAllJS = `(() => { const p = ` + panelJS + `;
	  window.jupyterapp.shell.activateById(p.id);
	  window.jupyterapp.commands.execute('notebook:run-all-cells');
	  return true; })()`
	// doneJS: the kernel is idle and no cell is queued or running ([*]).
	// (A notebook without code cells leaves GoNB's status "unknown".)
	doneJS = `(() => { const p = ` + panelJS + `;
	  const k = p.sessionContext.session && p.sessionContext.session.kernel;
	  const code = p.content.widgets.some(w => w.model.type === 'code');
	  const busy = p.content.widgets.some(w => w.model.type === 'code' &&
	    (w.node.querySelector('.jp-InputPrompt') || {}).textContent?.includes('*'));
	  return !!k && (k.status === 'idle' || (!code && k.status === 'unknown')) && !busy;
	})()`
	collectJS = `(() => { const p = ` + panelJS + `;
	  const cells = p.content.widgets.map((w, i) => {
	    const m = w.model, c = {Index: i, Type: m.type, Prompt: 0, Errors: [], Text: '', Images: 0, Visible: 0, Tables: 0, HTML: '', Markdown: null};
	    if (m.type === 'code') {
	      const outs = m.outputs.toJSON();
	      c.Prompt = m.executionCount || 0;
	      c.Errors = outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue);
	      c.Text = outs.filter(o => o.output_type === 'stream').map(o => Array.isArray(o.text) ? o.text.join('') : o.text).join('');
	      const imgs = [...w.node.querySelectorAll('.jp-OutputArea img')];
	      c.Images = imgs.length;
	      c.Visible = imgs.filter(im => im.complete && im.naturalWidth > 0 && im.getBoundingClientRect().width > 0).length;
	      c.Tables = w.node.querySelectorAll('.jp-OutputArea table').length;
	    } else if (m.type === 'markdown') {
	      const r = w.node.querySelector('.jp-RenderedMarkdown');
	      c.HTML = r ? r.innerHTML : '';
	      c.Markdown = r ? hw2Summarize(r) : {Counts: {}, Text: ''};
	    }
	    return c;
	  });
	  const errs = [...p.node.querySelectorAll('mjx-merror, [data-mjx-error]')].map(e => (e.getAttribute('data-mjx-error') || e.textContent || '').trim());
	  return {Cells: cells, MathErrors: errs, Formulas: p.node.querySelectorAll('mjx-container').length};
	})()`
	// renderedJS: every markdown cell is rendered.
	renderedJS = `(() => { const p = ` + panelJS + `;
	  return p.content.widgets.every(w => w.model.type !== 'markdown' || (w.rendered && w.node.querySelector('.jp-RenderedMarkdown')));
	})()`
	// heightJS: the page height at which the whole notebook shows (its
	// scrolling box's content plus what is above it); the side panels of
	// JupyterLab are collapsed first.
	heightJS = `(() => { const p = ` + panelJS + `; const s = window.jupyterapp.shell;
	  if (s.collapseLeft) { s.collapseLeft(); s.collapseRight(); }
	  const n = p.content.node.querySelector('.jp-WindowedPanel-outer') || p.content.node;
	  return Math.ceil(n.scrollHeight + n.getBoundingClientRect().top + 60); })()`
	// topJS scrolls the notebook to its first cell.
	topJS = `(() => { const p = ` + panelJS + `;
	  for (const n of [p.content.node, p.content.node.querySelector('.jp-WindowedPanel-outer')]) if (n) n.scrollTop = 0;
	  return true; })()`
	// closeJS marks the notebook saved and closes it, so that leaving the
	// page asks nothing and the next page restores no open notebook.
	closeJS = `(() => { const p = ` + panelJS + `; if (p) { p.context.model.dirty = false; p.dispose(); } return true; })()`
)

// RunInJupyter opens url (the page of the notebook at path, relative to the
// server's root, of a JupyterLab 4 or Notebook 7 server started with
// --expose-app-in-browser, token included) in the
// browser context, waits for the kernel, runs all cells through the front
// end's own command (notebook:run-all-cells, as a user's Run All does),
// waits until the kernel is idle with no cell queued, and reports every
// cell: a code cell's prompt, errors, text, images and tables, a markdown
// cell's rendered HTML; and a screenshot of the whole notebook.
//
// Each call opens its own tab and closes it at the end (a notebook with
// outputs asks before the page is left, which would block the next
// navigation in the same tab).
func RunInJupyter(ctx context.Context, url, path string, timeout time.Duration) (*ClientRun, error) {
	ctx, closeTab := chromedp.NewContext(ctx)
	defer closeTab()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(stage string, err error) (*ClientRun, error) {
		return nil, fmt.Errorf("browser: %s %s: %w", stage, url, err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 1500), chromedp.Navigate(url)); err != nil {
		return fail("opening", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf("window.__hw2path = %q; true", path))); err != nil {
		return fail("opening", err)
	}
	defer chromedp.Run(ctx, chromedp.Evaluate[bool](closeJS))
	poll := func(js string, within time.Duration) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(within), chromedp.WithPollingInterval(250*time.Millisecond)))
		return err
	}
	if err := poll(readyJS, 2*time.Minute); err != nil {
		title, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title + ': ' + document.body.innerText.slice(0, 300)`))
		return fail("waiting for the kernel of", fmt.Errorf("%w (page: %q)", err, title))
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](runAllJS)); err != nil {
		return fail("running the cells of", err)
	}
	// The first cells are queued at once; then wait for the queue to drain
	// (twice in a row, so that a gap between two cells does not end it).
	time.Sleep(time.Second)
	for range 2 {
		if err := poll(doneJS, timeout); err != nil {
			return fail("waiting for the cells of", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if err := poll(renderedJS, time.Minute); err != nil {
		return fail("waiting for the markdown of", err)
	}
	// MathJax typesets in the background: wait until the number of typeset
	// formulas holds still for a second.
	for last, still := int64(-1), 0; still < 4; time.Sleep(250 * time.Millisecond) {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`(() => { const p = `+panelJS+`; return p.node.querySelectorAll('mjx-container').length; })()`))
		if err != nil {
			return fail("waiting for the math of", err)
		}
		if n == last {
			still++
		} else {
			last, still = n, 0
		}
	}
	run, err := chromedp.Run(ctx, chromedp.Evaluate[ClientRun](summarizeJS+";\n"+collectJS))
	if err != nil {
		return fail("reading the cells of", err)
	}
	// The whole notebook: a viewport as tall as its content, so that every
	// cell is laid out and drawn, then a screenshot of it.
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](heightJS))
	if err != nil {
		return fail("measuring", err)
	}
	height = min(max(height, 1500), 60000)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, height)); err != nil {
		return fail("resizing", err)
	}
	time.Sleep(time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](topJS)); err != nil {
		return fail("scrolling", err)
	}
	time.Sleep(500 * time.Millisecond)
	if err := poll(`[...document.images].every(im => im.complete)`, 30*time.Second); err != nil {
		return fail("waiting for the images of", err)
	}
	if run.Screenshot, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		return fail("taking a screenshot of", err)
	}
	return &run, nil
}

// A4 paper and Chromium's default margins, in inches.
const (
	a4Width, a4Height = 8.27, 11.69
	printMargin       = 0.4
)

// open opens the local file at path in a new tab of the browser context
// and waits for it and its images to load; the tab closes with cancel.
func open(ctx context.Context, path string, width, height int64) (context.Context, context.CancelFunc, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	tab, closeTab := chromedp.NewContext(ctx)
	tab, cancelTimeout := context.WithTimeout(tab, 2*time.Minute)
	cancel := func() { cancelTimeout(); closeTab() }
	err = chromedp.Do(tab, chromedp.EmulateViewport(width, height), chromedp.Navigate("file://"+abs))
	if err == nil {
		_, err = chromedp.Run(tab, chromedp.Poll[bool](`[...document.images].every(im => im.complete)`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("browser: opening %s: %w", path, err)
	}
	return tab, cancel, nil
}

// PrintPDF prints the page at path (a local HTML file) as a PDF on A4
// paper, with Chromium's default margins, backgrounds, and no header or
// footer, and returns the PDF.
func PrintPDF(ctx context.Context, path string) ([]byte, error) {
	tab, cancel, err := open(ctx, path, 1200, 1500)
	if err != nil {
		return nil, err
	}
	defer cancel()
	yes, no, margin := true, false, printMargin
	pdf, err := chromedp.Run(tab, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: a4Width, PaperHeight: a4Height, PrintBackground: &yes, DisplayHeaderFooter: &no,
			MarginTop: &margin, MarginBottom: &margin, MarginLeft: &margin, MarginRight: &margin,
		})
		return r.Data, err
	}))
	if err != nil {
		return nil, fmt.Errorf("browser: printing %s: %w", path, err)
	}
	return pdf, nil
}

// Screenshot returns a PNG of the first width×height CSS pixels of the page
// at path (a local HTML file).
func Screenshot(ctx context.Context, path string, width, height int64) ([]byte, error) {
	tab, cancel, err := open(ctx, path, width, height)
	if err != nil {
		return nil, err
	}
	defer cancel()
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		return nil, fmt.Errorf("browser: screenshot of %s: %w", path, err)
	}
	return png, nil
}
