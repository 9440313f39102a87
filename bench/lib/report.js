// Output of every benchmark: a table for people, or with --json one object for tools:
//   { machine, results: [{ name, value, unit, peer, ratio }] }
// `peer` names what `value` is compared with (null if nothing) and `ratio` = value / peer's value (null if none).
'use strict';
const { machineLine } = require('./machine');

const wantsJson = () => process.argv.includes('--json');

/** Prints rows (objects) as an aligned text table; `columns` lists [key, heading] pairs. */
function table(rows, columns) {
  const cell = (v) => (v === null || v === undefined ? '—' : typeof v === 'number' ? fmt(v) : String(v));
  const body = rows.map((r) => columns.map(([key]) => cell(r[key])));
  const head = columns.map(([, h]) => h);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}

function fmt(v) {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A result record; ratio is computed from peerValue when given. */
function result(name, value, unit, peer = null, peerValue = null) {
  const ratio = peer !== null && peerValue ? value / peerValue : null;
  return { name, value, unit, peer, ratio };
}

/** Prints the machine line, then either the JSON object (--json) or the caller's table and notes. */
function report({ title, machine, results, rows, columns, notes = [] }) {
  if (wantsJson()) {
    console.log(JSON.stringify({ machine, results }));
    return;
  }
  console.log(`\n${title}\n${machineLine(machine)}\n`);
  table(rows, columns);
  for (const n of notes) console.log(`  ${n}`);
}

module.exports = { table, result, report, wantsJson, fmt };
