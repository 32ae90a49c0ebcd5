// Package hwkit is the Go library behind the homework-2 notebooks.
//
// The work is split into small packages named by concept:
//
//   - lsq: optimizers (SGD, sign descent, Adam, rescaled SGD) on least-squares
//     problems, their traces, limits and minimum-norm interpolants (question 2);
//   - steepest: penalized steepest descent, norms and dual norms (question 1);
//     steepest/derivfree adds a derivative-free minimizer for the norms
//     without an interior-point form (ℓp, your own), imported for its effect;
//   - comm: collective communication costs and a counting simulator (question 5);
//   - table, figure: plain data for tables and plots, printable as text;
//   - check: answer checks that print ✓ or ✗ as plain text;
//   - display: the only package that talks to the notebook (GoNB's display
//     protocol): tables and boxed answers;
//   - plot: draws figures (PNG, with a small renderer of its own) and shows
//     them through display.
//
// The numeric packages know nothing about Jupyter and are tested with go test.
// What a cell imports is what it links, on every run: check, table and figure
// link almost nothing beyond fmt; display adds the protocol; plot adds the
// renderer and its font (only the cells that draw import it); the numeric
// packages add gonum (steepest without gonum/optimize, which only
// steepest/derivfree links).
package hwkit
