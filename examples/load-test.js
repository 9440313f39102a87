#!/usr/bin/env node
// A small open-loop load generator for predict-server.js (no dependency): sends POST /predict {"row": [...]} at a
// fixed rate over keep-alive connections for a bounded time, then prints one JSON line with what it measured:
//   {"sent", "ok", "errors", "seconds", "reqPerSec", "p50Ms", "p99Ms", "maxMs", "sentP50Ms", "sentP99Ms", "lateP99Ms"}
//   node examples/load-test.js --port 8080 [--rate 1000] [--seconds 5] [--connections 32] [--features F]
// --features defaults to the served model's width, from GET /health's "inputs".
// Latency (p50Ms, p99Ms) is timed from each request's scheduled start, so a stalled server cannot hide its queue (no
// coordinated omission). That includes this generator's own lateness: it wakes on 1 ms timers, so a request goes
// out 0–1 ms after its slot, more when its own event loop is busy (lateP99Ms). sentP50Ms/sentP99Ms time each
// request from when it was written: the service's latency (server and loopback). The sends never wait for
// responses (open loop), so a stalled server still shows there. Loopback only: the host is always 127.0.0.1.
'use strict';
const http = require('node:http');

function option(argv, name, dflt) {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

async function loadTest({ port, rate = 1000, seconds = 5, connections = 32, features = 784 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const row = Array.from({ length: features }, (_, i) => Math.round(Math.sin(i) * 1000) / 1000);
  const body = JSON.stringify({ row });
  const latencies = [],
    fromSend = [],
    late = [];
  let sent = 0,
    errors = 0;
  const t0 = performance.now(),
    total = Math.round(rate * seconds),
    inflight = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const scheduled = t0 + (sent * 1000) / rate,
        sentAt = performance.now();
      late.push(sentAt - scheduled);
      inflight.push(
        post(agent, port, body).then(
          (ok) => {
            if (!ok) return errors++;
            const now = performance.now();
            latencies.push(now - scheduled);
            fromSend.push(now - sentAt);
          },
          () => errors++,
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  agent.destroy();
  const elapsed = (performance.now() - t0) / 1000;
  for (const a of [latencies, fromSend, late]) a.sort((x, y) => x - y);
  const pct = (p, a = latencies) => (a.length ? a[Math.min(a.length - 1, Math.floor(a.length * p))] : NaN);
  const r3 = (v) => Math.round(v * 1000) / 1000;
  return {
    sent,
    ok: latencies.length,
    errors,
    seconds: r3(elapsed),
    reqPerSec: Math.round(latencies.length / elapsed),
    p50Ms: r3(pct(0.5)),
    p99Ms: r3(pct(0.99)),
    maxMs: r3(latencies[latencies.length - 1] ?? NaN),
    sentP50Ms: r3(pct(0.5, fromSend)),
    sentP99Ms: r3(pct(0.99, fromSend)),
    lateP99Ms: r3(pct(0.99, late)),
  };
}

function post(agent, port, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/predict',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// The served model's row width: GET /health's "inputs" (predict-server.js).
async function servedWidth(port) {
  const res = await globalThis.fetch(`http://127.0.0.1:${port}/health`).catch((e) => {
    throw new Error(`no server on 127.0.0.1:${port} (${e.cause?.code ?? e.message})`);
  });
  const { inputs } = await res.json();
  if (!(Number.isInteger(inputs) && inputs > 0)) throw new Error(`GET /health gave no "inputs": pass --features F`);
  return inputs;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const opts = ['rate', 'seconds', 'connections', 'features', 'port'].reduce(
    (o, k) => ({ ...o, [k]: option(argv, `--${k}`, undefined) }),
    {},
  );
  if (!opts.port) {
    console.error('usage: load-test.js --port N [--rate R] [--seconds S] [--connections C] [--features F]');
    process.exit(2);
  }
  for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
  (opts.features ? Promise.resolve(opts.features) : servedWidth(opts.port))
    .then((features) => loadTest({ ...opts, features }))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((e) => {
      console.error(`load-test: ${e.message}`);
      process.exit(1);
    });
}

module.exports = { loadTest };
