#!/usr/bin/env node
// Hyperparameter-search throughput: trials per minute for the same trial specs on a worker_threads pool of 1 thread
// (the baseline), a pool of 2, and 2 `nnkit worker` processes through BullMQ on a redis-server started here on a
// free loopback port (skipped, with the reason, when redis-server is not installed). Each trial is a real training
// run (the embedded digits by default, nnkit train's default MLP 256-128 with BatchNorm) on 1 native thread
// (NNKIT_THREADS=1), so the scaling shown is that of the executors. Warm-up trials (thread start, data load) are
// run first and not timed. "cores used" = CPU seconds of the trial threads or worker processes ÷ wall seconds: on a
// machine shared with other work it tells whether an executor got the cores it could use.
//
//   node bench/search.js [--trials 16] [--epochs 4] [--data digits|fashion-mnist] [--subsample 1] [--json]
'use strict';
process.env.NNKIT_THREADS ??= '1';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { loadNnkit, machineInfo, report, result } = require('./lib');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

const ROOT = path.join(__dirname, '..');
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
  });
}

/** Starts a child and resolves once a line of its output matches `ready`. */
function start(cmd, args, ready, env = {}) {
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      if (ready.test(out)) resolve(proc);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${path.basename(cmd)} exited (${code}):\n${out}`)));
  });
}

/** CPU seconds (user + system) of processes `pids` from /proc (Linux), or of this process when none given. */
function cpuSeconds(pids) {
  if (!pids) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  try {
    const tick = 100; // USER_HZ on Linux
    return pids.reduce((sum, pid) => {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(f[11]) + Number(f[12])) / tick;
    }, 0);
  } catch {
    return NaN;
  }
}

async function timed(executor, warmup, specs, pids) {
  await executor.run(warmup);
  const t0 = performance.now(),
    c0 = cpuSeconds(pids);
  const results = await executor.run(specs);
  const seconds = (performance.now() - t0) / 1000;
  const cores = (cpuSeconds(pids) - c0) / seconds;
  const ok = results.filter((r) => r.status === 'ok').length;
  return { seconds, trialsPerMinute: (specs.length / seconds) * 60, ok, cores: Number.isFinite(cores) ? cores : null };
}

async function main() {
  const nnkit = loadNnkit();
  const { search } = nnkit;
  const trials = Number(flag('trials', 16)),
    epochs = Number(flag('epochs', 4)),
    subsample = Number(flag('subsample', 1));
  const data = { kind: flag('data', 'digits') };
  const space = search.parseSpace('{"lr":["log",0.01,0.3],"weightDecay":["log",1e-5,1e-3]}');
  const stage = { trials: trials + 2, epochs, ...(subsample < 1 ? { subsample } : {}) };
  const all = search.stageSpecs({ space, data, seed: 1 }, 0, stage, space);
  const warmup = all.slice(0, 2),
    specs = all.slice(2);
  const machine = machineInfo(nnkit);
  const rows = [];

  for (const size of [1, 2]) {
    const pool = new search.WorkerPoolExecutor({ size });
    try {
      rows.push({
        executor: `worker_threads pool, ${size} thread${size > 1 ? 's' : ''}`,
        ...(await timed(pool, warmup.slice(0, size), specs)),
      });
    } finally {
      await pool.close();
    }
  }

  const notes = [];
  if (!REDIS) {
    notes.push('BullMQ row skipped: redis-server is not installed (apt-get install redis-server)');
  } else {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const redis = await start(
      REDIS,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      /Ready to accept connections/,
    );
    const workers = [];
    try {
      for (let i = 0; i < 2; i++) {
        workers.push(
          await start(
            process.execPath,
            [path.join(ROOT, 'bin', 'nnkit.js'), 'worker', '--redis', url],
            /nnkit worker: ready/,
            { NNKIT_THREADS: '1' },
          ),
        );
      }
      const executor = new search.BullMQExecutor({ url, searchId: `bench-${process.pid}` });
      try {
        rows.push({
          executor: 'BullMQ, 2 nnkit worker processes',
          ...(await timed(
            executor,
            warmup,
            specs,
            workers.map((w) => w.pid),
          )),
        });
      } finally {
        await executor.close();
      }
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      redis.kill('SIGTERM');
    }
  }

  const base = rows[0].trialsPerMinute;
  for (const r of rows) r.ratio = r.trialsPerMinute / base;
  notes.push(
    `${specs.length} trials of ${epochs} epochs on ${data.kind}${subsample < 1 ? ` (subsample ${subsample})` : ''}, nnkit train's default MLP, ` +
      `1 native thread per trial; ratio = trials/min ÷ the 1-thread pool's, measured in this run`,
  );
  report({
    title: 'hyperparameter search throughput (trials per minute)',
    machine,
    notes,
    rows,
    results: rows.map((r) => result(r.executor, r.trialsPerMinute, 'trials/min', rows[0].executor, base)),
    columns: [
      ['executor', 'executor'],
      ['trialsPerMinute', 'trials/min'],
      ['seconds', 'seconds'],
      ['ok', 'ok trials'],
      ['cores', 'cores used'],
      ['ratio', '× 1 thread'],
    ],
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
