#!/usr/bin/env node
// mathlint.js: every formula in the markdown cells of the given notebooks must
// parse under MathJax 3 (JupyterLab, Notebook 7), under MathJax 2 (classic
// Notebook, nbconvert's HTML) and use nothing xelatex rejects (nbconvert's
// LaTeX/PDF route). Prints one line per problem, naming the notebook, the
// cell and the formula, and exits 1 if there is any.
//
//   node kernel-config/node/mathlint.js NOTEBOOK.ipynb...
//   node kernel-config/node/mathlint.js --json NOTEBOOK.ipynb...   (machine-readable)
'use strict';

const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------- extraction

// blankCode replaces fenced code blocks and inline code spans by spaces of
// the same length (keeping line numbers): Jupyter renders no math in them.
function blankCode(md) {
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  md = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, blank);
  md = md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, blank);
  return md;
}

// extractMath finds the formulas Jupyter's renderer would hand to MathJax:
// $$…$$, $…$, \[…\], \(…\), and top-level \begin{env}…\end{env}.
// It returns [{tex, display, line, wrapped}] (wrapped: inside delimiters,
// not a bare environment) and the unterminated openings as errors.
function extractMath(md) {
  const src = blankCode(md);
  const out = [];
  const errors = [];
  const lineOf = (i) => src.slice(0, i).split('\n').length;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === '$') { i += 2; continue; }
    let open = null, close = null, display = false;
    if (src.startsWith('$$', i)) { open = '$$'; close = '$$'; display = true; }
    else if (c === '$') { open = '$'; close = '$'; }
    else if (src.startsWith('\\[', i)) { open = '\\['; close = '\\]'; display = true; }
    else if (src.startsWith('\\(', i)) { open = '\\('; close = '\\)'; }
    else if (src.startsWith('\\begin{', i)) {
      const m = /^\\begin\{([a-zA-Z]+\*?)\}/.exec(src.slice(i));
      if (m) { open = ''; close = '\\end{' + m[1] + '}'; display = true; }
    }
    if (close === null) { i++; continue; }
    let j = i + open.length;
    let end = -1;
    while (j < src.length) {
      if (src[j] === '\\' && close.length === 1) { j += 2; continue; }  // \$ inside $…$
      if (src.startsWith(close, j)) { end = j; break; }
      if (open === '$' && src.startsWith('\n\n', j)) break;             // inline math stops at a blank line
      j++;
    }
    if (end < 0) {
      errors.push({line: lineOf(i), tex: md.slice(i, Math.min(md.length, i + 60)), message: `unterminated ${open || close.replace('end', 'begin')}`});
      i += Math.max(open.length, 1);
      continue;
    }
    const tex = open === '' ? md.slice(i, end + close.length) : md.slice(i + open.length, end);
    if (tex.trim() !== '') out.push({tex, display, line: lineOf(i), wrapped: open !== ''});
    i = end + close.length;
  }
  return {formulas: out, errors};
}

// ---------------------------------------------------------------- xelatex rules

// Macros and environments that render in a browser but abort or misbehave in
// nbconvert's xelatex template (seen on Debian 12's TeX Live 2022).
const XELATEX_RULES = [
  [/\\coloneqq|\\eqqcolon|\\Coloneqq/, 'needs mathtools, not loaded by the LaTeX template: write :='],
  [/\\cancel|\\bcancel|\\xcancel/, 'needs the cancel package, not loaded by the LaTeX template'],
  [/\\bm\b/, 'needs the bm package: use \\boldsymbol'],
  [/pmatrix\*|bmatrix\*|vmatrix\*/, 'starred matrix environments need mathtools'],
  [/\\begin\{(align|align\*|equation|equation\*|gather|gather\*|multline|multline\*|eqnarray)\}/,
    'a display environment inside $$…$$ nests displays in LaTeX: use \\begin{aligned}…\\end{aligned}'],
  [/\\label\{|\\tag\{|\\eqref\{/, 'labels and tags do not survive the exporters'],
  [/[^\x00-\x7F]/, 'non-ASCII character in math: the LaTeX route drops it (write \\theta, \\alpha, … instead)'],
];

function xelatexProblems(tex, display, wrapped) {
  const problems = [];
  for (const [re, why] of XELATEX_RULES) {
    if (!wrapped && re.source.startsWith('\\\\begin\\{(align')) continue; // a top-level environment is fine
    if (re.test(tex)) problems.push(why);
  }
  return problems;
}

// ---------------------------------------------------------------- MathJax 3

let mj3 = null;
function mathjax3() {
  if (mj3) return mj3;
  const {mathjax} = require('mathjax-full/js/mathjax.js');
  const {TeX} = require('mathjax-full/js/input/tex.js');
  const {SVG} = require('mathjax-full/js/output/svg.js');
  const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
  const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
  const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
  RegisterHTMLHandler(liteAdaptor());
  // The browser loads noerrors/noundefined, which hide errors in red text;
  // leave them out so that every error surfaces here.
  const packages = AllPackages.filter((p) => p !== 'noerrors' && p !== 'noundefined');
  const doc = mathjax.document('', {
    InputJax: new TeX({packages, formatError: (jax, err) => { throw err; }}),
    OutputJax: new SVG({fontCache: 'none'}),
  });
  // Parsing is what can fail; stop before the layout (STATE.COMPILED).
  const {STATE} = require('mathjax-full/js/core/MathItem.js');
  mj3 = (tex, display) => {
    try { doc.convert(tex, {display, end: STATE.COMPILED}); return null; } catch (e) { return e.message; }
  };
  return mj3;
}

// ---------------------------------------------------------------- MathJax 2

let mj2 = null;
function mathjax2() {
  if (mj2) return mj2;
  const mjnode = require('mathjax-node');
  // The classic Notebook's configuration: TeX with AMS math and symbols.
  mjnode.config({MathJax: {TeX: {extensions: ['AMSmath.js', 'AMSsymbols.js']}}, displayErrors: false, displayMessages: false});
  mjnode.start();
  mj2 = (tex, display) => new Promise((resolve) => {
    mjnode.typeset({math: tex, format: display ? 'TeX' : 'inline-TeX', mml: true}, (r) => {
      resolve(r.errors ? r.errors.join('; ') : null);
    });
  });
  return mj2;
}

// ---------------------------------------------------------------- main

// cache holds the verdicts per formula: the same formula (\\theta, a, …)
// recurs often and MathJax 2 is the slow part.
const cache = new Map();

async function lintNotebook(file) {
  const problems = [];
  let nb;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return [{file, cell: -1, line: 0, tex: '', engine: 'json', message: e.message}];
  }
  const v3 = mathjax3();
  const v2 = mathjax2();
  let count = 0;
  for (const [index, cell] of (nb.cells || []).entries()) {
    if (cell.cell_type !== 'markdown') continue;
    const md = Array.isArray(cell.source) ? cell.source.join('') : String(cell.source || '');
    const {formulas, errors} = extractMath(md);
    for (const e of errors) problems.push({file, cell: index, line: e.line, tex: e.tex, engine: 'delimiters', message: e.message});
    for (const f of formulas) {
      count++;
      const wrapped = f.wrapped;
      const body = f.tex;
      const add = (engine, message) => problems.push({file, cell: index, line: f.line, tex: f.tex, engine, message});
      const key = (f.display ? 'D' : 'I') + body;
      if (!cache.has(key)) cache.set(key, [v3(body, f.display), await v2(body, f.display)]);
      const [e3, e2] = cache.get(key);
      if (e3) add('MathJax 3', e3);
      if (e2) add('MathJax 2', e2.replace(/^TeX parse error: /, ''));
      for (const why of xelatexProblems(f.tex, f.display, wrapped)) add('xelatex', why);
    }
  }
  return {problems, count};
}

async function main() {
  const args = process.argv.slice(2);
  const json = args[0] === '--json';
  const files = json ? args.slice(1) : args;
  if (files.length === 0) {
    console.error('usage: mathlint.js [--json] NOTEBOOK.ipynb...');
    process.exit(2);
  }
  let all = [];
  let total = 0;
  for (const f of files) {
    const r = await lintNotebook(f);
    if (Array.isArray(r)) { all = all.concat(r); continue; }
    all = all.concat(r.problems);
    total += r.count;
  }
  if (json) {
    process.stdout.write(JSON.stringify({formulas: total, problems: all}, null, 1) + '\n');
  } else {
    for (const p of all) {
      console.log(`${path.basename(p.file)}: cell ${p.cell}, line ${p.line}: ${p.engine}: ${p.message}\n    ${p.tex.replace(/\n/g, '\n    ')}`);
    }
    console.error(`[mathlint] ${total} formulas in ${files.length} notebook(s): ${all.length} problem(s)`);
  }
  process.exit(all.length ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => { console.error(e); process.exit(2); });
}
module.exports = {extractMath, blankCode, xelatexProblems};
