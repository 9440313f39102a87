// Crash safety: a run that checkpoints every epoch is SIGKILLed at random moments 20 times and resumed each time;
// the final weights must equal an uninterrupted run's, bit for bit, and no checkpoint is ever half-written
// (each one the child finds loads). Runs dist/ in child processes.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadModel } from '../../src';
import { ensureDist } from '../helpers/dist';
import { rng } from '../helpers/random';

const child = path.join(__dirname, 'train-child.js');
const EPOCHS = 12;

beforeAll(() => ensureDist(), 120_000);

function runUntilKilled(ckpt: string, out: string, afterMs: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ckpt, out, String(EPOCHS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), afterMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

it('20 SIGKILLs at random points, each resumed from the last checkpoint: final weights equal an uninterrupted run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-crash-'));
  const straight = path.join(dir, 'straight.nnkit');
  const r0 = spawnSync(process.execPath, [child, path.join(dir, 'straight.ckpt'), straight, String(EPOCHS)], {
    encoding: 'utf8',
  });
  expect(r0.status, r0.stderr).toBe(0);
  const t0 = Date.now();
  const ckpt = path.join(dir, 'crashy.ckpt'),
    out = path.join(dir, 'crashy.nnkit');
  // Kill times spread over a whole run's duration (measured), so kills land in start-up, training and writes.
  spawnSync(process.execPath, [child, path.join(dir, 'timing.ckpt'), path.join(dir, 'timing.nnkit'), String(EPOCHS)]);
  const runMs = Date.now() - t0;
  const r = rng(99);
  let kills = 0;
  for (let attempt = 0; kills < 20 && attempt < 200; attempt++) {
    const outcome = await runUntilKilled(ckpt, out, 50 + r() * runMs * 0.6);
    if (outcome === 'killed') kills++;
    else {
      fs.rmSync(out);
      fs.rmSync(ckpt);
    } // finished before the kill: start over so every kill lands mid-run
    const temps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    temps.forEach((f) => fs.rmSync(path.join(dir, f))); // a killed writer's temp file; the checkpoint itself is whole
  }
  expect(kills).toBe(20);
  expect(await runUntilKilled(ckpt, out, 600_000)).toBe('done');
  const a = await loadModel(straight),
    b = await loadModel(out);
  a.parameters().forEach((p, i) =>
    expect(Buffer.from(b.parameters()[i].value.buffer).equals(Buffer.from(p.value.buffer)), p.name).toBe(true),
  );
  a.buffers().forEach((p, i) => expect(Array.from(b.buffers()[i].value), p.name).toEqual(Array.from(p.value)));
}, 600_000);
