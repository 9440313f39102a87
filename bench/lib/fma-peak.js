// FMA peak of this machine, measured, not looked up: fma-peak.c runs independent FMA chains (no memory traffic)
// on 1..n threads. It is compiled on first use with the system C compiler into the OS temp directory (cached by
// the source's hash); without a compiler the peak is null and benchmarks print "—" for "% of peak".
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SOURCE = path.join(__dirname, 'fma-peak.c');
let binary; // undefined: not tried; null: no compiler

function compile() {
  if (binary !== undefined) return binary;
  binary = null;
  if (process.arch !== 'x64') return binary;
  const src = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha1').update(src).digest('hex').slice(0, 12);
  const out = path.join(os.tmpdir(), `nnkit-fma-peak-${hash}`);
  if (fs.existsSync(out)) return (binary = out);
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    const tmp = `${out}.${process.pid}`;
    const r = spawnSync(cc, ['-O2', '-pthread', SOURCE, '-o', tmp], { stdio: 'ignore' });
    if (r.status === 0) {
      fs.renameSync(tmp, out);
      return (binary = out);
    }
  }
  return binary;
}

/** GFLOP/s of FP32 FMAs on `threads` threads with 'avx512' or 'avx2' vectors, or of bf16 dot products
 *  ('avx512bf16': vdpbf16ps), or null (no compiler / ISA). */
function fmaPeak(isa, threads, seconds = 0.2) {
  const bin = compile();
  if (!bin) return null;
  const r = spawnSync(bin, [isa, String(threads), String(seconds)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout).gflops;
  } catch {
    return null;
  }
}

module.exports = { fmaPeak };
