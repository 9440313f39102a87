#!/usr/bin/env node
// A prediction service on plain node:http: loads a saved model, freezes it, answers
//   POST /predict  {"row": [784 numbers]}        → {"output": [...]}          (one row: micro-batched with others)
//                  {"rows": [[...], [...], ...]} → {"outputs": [[...], ...]}  (many rows: one call)
//   GET  /health                                 → {"status": "ok", "inputs": 784, "precision": "fp32", ...}
// Bad input (not JSON, a row of the wrong width, NaN, a non-number) is a 400 with the message; the service keeps
// serving the others. Bodies over 1 MiB are a 413. Listens on 127.0.0.1 only.
//   node examples/predict-server.js model.nnkit [--port 8080] [--precision fp32|bf16|auto] [--train]
// --precision: the frozen model's dense weights (model.freeze({ precision }); bf16 needs AVX512_BF16, else it warns
// and serves fp32). GET /health reports it.
// --train also trains another model on the embedded digits in a worker thread of this process, epoch after epoch,
// to measure serving while a training job runs. Prints {"listening": port} once ready.
'use strict';
const http = require('node:http');
const nnkit = require('../dist'); // in your project: require('nnkit')

const MAX_BODY = 1 << 20;

class BadRequest extends Error {}

async function main(argv) {
  const file = argv[0];
  if (!file || file.startsWith('--'))
    throw new BadRequest('usage: predict-server.js <model.nnkit> [--port N] [--precision fp32|bf16|auto] [--train]');
  const port = Number(argv[argv.indexOf('--port') + 1] ?? 0) || 0;
  const precision = argv.includes('--precision') ? argv[argv.indexOf('--precision') + 1] : 'fp32';
  const frozen = (await nnkit.loadModel(file)).freeze({ precision });
  const batcher = new nnkit.MicroBatcher(frozen, { maxBatch: 64 });
  const server = http.createServer((req, res) => {
    handle(req, res, frozen, batcher).catch((e) => send(res, 500, { error: String(e && e.message) }));
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  if (argv.includes('--train')) trainForever(server);
  console.log(JSON.stringify({ listening: server.address().port }));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}

async function handle(req, res, frozen, batcher) {
  if (req.method === 'GET' && req.url === '/health')
    return send(res, 200, { status: 'ok', inputs: frozen.inputs, precision: frozen.precision, ...batcher.counts });
  if (req.method !== 'POST' || req.url !== '/predict') return send(res, 404, { error: 'POST /predict or GET /health' });
  try {
    const body = parse(await readBody(req));
    if (body.row !== undefined) return send(res, 200, { output: Array.from(await batcher.predict(body.row)) });
    const out = frozen.predictSync(body.rows);
    const rows = Array.from({ length: out.rows }, (_, i) =>
      Array.from(out.data.subarray(i * out.cols, (i + 1) * out.cols)),
    );
    return send(res, 200, { outputs: rows });
  } catch (e) {
    const status = e instanceof BadRequest || e instanceof TypeError || e instanceof RangeError ? 400 : 500;
    return send(res, e.status ?? status, { error: e.message });
  }
}

function parse(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`body is not JSON: ${e.message}`);
  }
  if (body === null || typeof body !== 'object' || (body.row === undefined && !Array.isArray(body.rows)))
    throw new BadRequest('body must be {"row": [numbers]} or {"rows": [[numbers], ...]}');
  return body;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new BadRequest(`body over ${MAX_BODY} bytes`), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// A training job in a worker thread of this process, restarted until the server closes.
async function trainForever(server) {
  const { train } = await nnkit.data.loadDigits();
  let open = true;
  server.on('close', () => (open = false));
  while (open) {
    const m = new nnkit.Model([
      new nnkit.Dense(64, 256),
      new nnkit.ReLU(),
      new nnkit.Dense(256, 10, { init: 'xavier' }),
    ]);
    await m.fit(train, { epochs: 5, batchSize: 32, worker: true, babysit: false });
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`predict-server: ${e.message}`);
  process.exit(e instanceof BadRequest ? 2 : 1);
});
