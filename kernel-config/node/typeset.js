#!/usr/bin/env node
// typeset.js: typeset the TeX of an nbconvert HTML export to static SVG with
// MathJax 3, so the page renders its math with no script and no network.
//
//   node kernel-config/node/typeset.js IN.html OUT.html
//
// Math is found as in the notebook: $…$ and \(…\) inline, $$…$$ and \[…\]
// display, \begin{…}…\end{…} environments; <pre>, <code> and <script> are
// skipped. Any formula that does not parse is reported (with the formula)
// and the exit status is 1; the page is still written, with the error shown
// in red in place of the formula.
//
// It also keeps the words of text outputs and of output tables whole when a
// line wraps in print: each run of non-space characters of an output's <pre>
// or of a cell of an hwkit table goes into a <span class="hw2-nw">
// (white-space: nowrap in the template's CSS), so a line breaks only at a
// space, never after a | or a minus sign, never inside a number.
'use strict';

const fs = require('fs');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: typeset.js IN.html OUT.html');
    process.exit(2);
  }
  const adaptor = liteAdaptor({fontSize: 16});
  RegisterHTMLHandler(adaptor);
  const errors = [];
  const tex = new TeX({
    packages: AllPackages.filter((p) => p !== 'noerrors' && p !== 'noundefined'),
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true,
    formatError: (jax, err) => {
      errors.push({tex: jax.latex, message: err.message});
      return jax.formatError(err);
    },
  });
  const svg = new SVG({fontCache: 'global'});
  const html = mathjax.document(fs.readFileSync(input, 'utf8'), {InputJax: tex, OutputJax: svg});
  html.render();
  keepWordsWhole(adaptor, adaptor.body(html.document));
  markLeadIns(adaptor, adaptor.body(html.document));
  markKeepTogether(adaptor, adaptor.body(html.document));
  // The SVG output's stylesheet goes into the head, once.
  const head = adaptor.head(html.document);
  adaptor.append(head, svg.styleSheet(html));
  const doctype = adaptor.doctype(html.document);
  fs.writeFileSync(output, (doctype ? doctype + '\n' : '') + adaptor.outerHTML(adaptor.root(html.document)));
  const count = Array.from(html.math).length;
  for (const e of errors) {
    console.error(`typeset: ${input}: ${e.message}\n    ${e.tex}`);
  }
  console.error(`[typeset] ${count} formulas, ${errors.length} error(s): ${output}`);
  process.exit(errors.length ? 1 : 0);
}

// keepWordsWhole wraps every run of non-space characters of the text
// outputs' <pre> elements and of the output tables' cells in span.hw2-nw.
function keepWordsWhole(adaptor, body) {
  const inOutput = (node) => {
    for (let n = node; n; n = adaptor.parent(n)) {
      if (adaptor.kind(n) !== '#text' && /\bjp-OutputArea-output\b/.test(adaptor.getAttribute(n, 'class') || '')) return true;
    }
    return false;
  };
  const texts = (node, out) => {
    for (const c of adaptor.childNodes(node)) {
      if (adaptor.kind(c) === '#text') out.push(c);
      else texts(c, out);
    }
    return out;
  };
  const isTable = (cell) => {
    for (let n = cell; n; n = adaptor.parent(n)) {
      if (adaptor.kind(n) === 'table') return /\bhwkit-table\b/.test(adaptor.getAttribute(n, 'class') || '');
    }
    return false;
  };
  const targets = [...adaptor.tags(body, 'pre').filter(inOutput),
    ...adaptor.tags(body, 'td').filter(isTable), ...adaptor.tags(body, 'th').filter(isTable)];
  for (const el of targets) {
    for (const t of texts(el, [])) {
      const parts = bindValues(adaptor.value(t).split(/(\s+)/).filter((p) => p !== ''));
      if (parts.length < 2 && !/\S/.test(parts[0] || '')) continue;
      for (const part of parts) {
        const n = /\S/.test(part) ? adaptor.node('span', {class: 'hw2-nw'}, [adaptor.text(part)]) : adaptor.text(part);
        adaptor.insert(n, t);
      }
      adaptor.remove(t);
    }
  }
}

// bindValues joins what must not be torn apart when a check line wraps,
// across single spaces: a short vector ("[0.9009, 0.0901, 0.009]", up to 48
// characters), a value and its label (the words around "=", "≤", "≥"; "tol
// abs 1e-12"; "max |Δ|"; "spread of θᵢ"; a label with a colon and its
// first word). A line then breaks between
// clauses, never inside one of these.
function bindValues(parts) {
  const word = (w) => w !== undefined && w !== null && /\S/.test(w);
  // Short vectors first.
  const vec = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const open = word(p) ? p.search(/\[[-−+]?[0-9.]/) : -1;
    if (open >= 0 && p.indexOf(']', open) < 0) {
      let j = i, text = p;
      while (j + 2 < parts.length && parts[j + 1] === ' ' && text.length <= 48 && text.indexOf(']', open) < 0) {
        text += ' ' + parts[j + 2];
        j += 2;
      }
      if (text.indexOf(']', open) >= 0 && text.length <= 48) {
        vec.push(text);
        i = j;
        continue;
      }
    }
    vec.push(p);
  }
  const glueAfter = new Set(['=', '≤', '≥', '<', '>', 'abs', 'rel', 'tol', 'of', 'max', 'min', '±', '(±']);
  const glueBefore = new Set(['=', '≤', '≥', '<', '>', 'of']);
  const out = [];
  for (let i = 0; i < vec.length; i++) {
    const p = vec[i];
    const prev = out.length ? out[out.length - 1] : null;
    const next = vec[i + 1];
    if (p === ' ' && word(prev) && word(next)) {
      const last = prev.split(' ').pop();
      const first = next.split(' ')[0];
      // A label ending with a colon keeps its first value word ("…: i = 3").
      const labelled = /[^\s:]:$/.test(last) && !/^\[/.test(first);
      if (glueAfter.has(last) || glueBefore.has(first) || labelled) {
        out[out.length - 1] = prev + ' ' + next;
        i++;
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

// markKeepTogether marks a code cell that prints in well under a page
// (input, text outputs, tables and images, estimated in CSS pixels at the
// print sizes) with class hw2-keep: print moves it whole to the next page
// rather than leaving its check line or its plot on the next page alone.
function markKeepTogether(adaptor, body) {
  const lines = (el) => adaptor.textContent(el).replace(/\n+$/, '').split('\n').length;
  for (const cell of adaptor.tags(body, 'div')) {
    if (!/\bjp-CodeCell\b/.test(adaptor.getAttribute(cell, 'class') || '')) continue;
    let px = 0;
    for (const pre of adaptor.tags(cell, 'pre')) px += 16 * lines(pre) + 12;
    for (const img of adaptor.tags(cell, 'img')) px += Number(adaptor.getAttribute(img, 'height')) || 300;
    for (const tr of adaptor.tags(cell, 'tr')) px += 22;
    for (const svg of adaptor.tags(cell, 'mjx-container')) px += 40; // an answer box
    if (px < 600) adaptor.setAttribute(cell, 'class', adaptor.getAttribute(cell, 'class') + ' hw2-keep');
  }
}

// markLeadIns marks the last block of a markdown cell whose text ends with
// a colon (it leads into the cell after it) with class hw2-leadin, which
// print keeps on the page of what follows. Only that paragraph is glued to
// the next cell, not the whole markdown cell, and only when it is short.
function markLeadIns(adaptor, body) {
  for (const el of adaptor.tags(body, 'div')) {
    const cls = adaptor.getAttribute(el, 'class') || '';
    if (!/\bjp-RenderedMarkdown\b/.test(cls)) continue;
    const blocks = adaptor.childNodes(el).filter((c) => adaptor.kind(c) !== '#text' && adaptor.kind(c) !== '#comment');
    const last = blocks[blocks.length - 1];
    // A short paragraph only (about two printed lines): gluing a long one
    // would leave most of a page blank to save one dangling colon.
    const text = last ? adaptor.textContent(last) : '';
    if (!last || !/:\s*$/.test(text) || text.length > 180) continue;
    adaptor.setAttribute(last, 'class', ((adaptor.getAttribute(last, 'class') || '') + ' hw2-leadin').trim());
  }
}

main();
