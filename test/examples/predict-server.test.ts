// examples/predict-server.js as a user runs it: a saved model served over node:http on loopback. Answers equal the
// frozen model's; bad requests get a 400 naming the problem while the service keeps answering; a file that is not a
// model stops it with a message; examples/load-test.js drives it and reports what it measured (no timing asserted).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Model } from '../../src/model';
import { Dense, ReLU } from '../../src/nn';
import { ensureDist, root } from '../helpers/dist';
import { describeEachBackend } from '../helpers/backends';

const SERVER = path.join(root, 'examples', 'predict-server.js');

function startServer(
  file: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, [SERVER, file, ...args], { env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += String(d);
      const m = /\{"listening":(\d+)\}/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

describeEachBackend('examples/predict-server.js', (b) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-serve-'));
  const file = path.join(dir, 'model.nnkit');
  const model = new Model([new Dense(4, 8, { seed: 1 }), new ReLU(), new Dense(8, 3, { seed: 2 })]);
  let server: { proc: ChildProcess; port: number };
  const post = (body: string) =>
    fetch(`http://127.0.0.1:${server.port}/predict`, { method: 'POST', body }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as Record<string, unknown>,
    }));

  beforeAll(async () => {
    ensureDist();
    await model.save(file);
    server = await startServer(file, { NNKIT_BACKEND: b.name });
  }, 60_000);
  afterAll(() => {
    server?.proc.kill();
  });

  it('answers /health and POST /predict (one row, and many rows) with the frozen model’s outputs', async () => {
    const health = await fetch(`http://127.0.0.1:${server.port}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', inputs: 4, precision: 'fp32' });
    const want = model.freeze().predictSync([
      [1, 2, 3, 4],
      [0.5, -1, 0, 2],
    ]).data;
    const one = await post(JSON.stringify({ row: [1, 2, 3, 4] }));
    expect(one.status).toBe(200);
    (one.json.output as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    const many = await post(
      JSON.stringify({
        rows: [
          [1, 2, 3, 4],
          [0.5, -1, 0, 2],
        ],
      }),
    );
    (many.json.outputs as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  });

  it('--precision auto serves bf16 weights where the backend runs them (AVX512_BF16), fp32 elsewhere', async () => {
    const auto = await startServer(file, { NNKIT_BACKEND: b.name }, ['--precision', 'auto']);
    try {
      const health = await fetch(`http://127.0.0.1:${auto.port}/health`).then((r) => r.json());
      expect(health).toMatchObject({ status: 'ok', precision: b.info().bf16 ? 'bf16' : 'fp32' });
      const r = await fetch(`http://127.0.0.1:${auto.port}/predict`, { method: 'POST', body: '{"row": [1, 2, 3, 4]}' });
      const want = model.freeze().predictSync([[1, 2, 3, 4]]).data;
      ((await r.json()).output as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 1));
    } finally {
      auto.proc.kill();
    }
  });

  it('bad requests are 400s with the message, and the next good request is answered', async () => {
    const cases: [string, RegExp][] = [
      ['{"row": [1, 2, 3]}', /the model expects 4 features per row.*, got 3 in row 0/],
      ['{"row": [1, 2, "x", 4]}', /row 0, column 2: expected a finite number, got the string "x"/],
      ['{"rows": [[1, 2, 3, 4], [1, 2, 3, null]]}', /row 1, column 3: expected a finite number, got object/],
      ['{"row": [1, 2, 3', /body is not JSON/],
      ['{"rows": 5}', /body must be \{"row": \[numbers\]\}/],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect(String(r.json.error)).toMatch(message);
    }
    expect((await post(JSON.stringify({ row: [1, 2, 3, 4] }))).status).toBe(200);
  });

  it('examples/load-test.js drives it and reports requests and latency percentiles', () => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'examples', 'load-test.js'),
        '--port',
        String(server.port),
        '--rate',
        '200',
        '--seconds',
        '1',
        '--features',
        '4',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim());
    expect(report).toMatchObject({ sent: 200, ok: 200, errors: 0 });
    expect(report.p99Ms).toBeGreaterThanOrEqual(report.p50Ms);
    expect(report.sentP99Ms).toBeGreaterThanOrEqual(report.sentP50Ms);
    expect(report.sentP50Ms).toBeLessThanOrEqual(report.p50Ms); // a request is written at or after its slot
    expect(report.lateP99Ms).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it('examples/load-test.js without --features sends rows of the served model’s width (GET /health)', () => {
    const script = path.join(root, 'examples', 'load-test.js');
    const args = ['--port', String(server.port), '--rate', '100', '--seconds', '0.5'];
    const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ sent: 50, ok: 50, errors: 0 });
  }, 30_000);

  it('a file that is not a model: the server stops with a message naming it', () => {
    const bad = path.join(dir, 'not-a-model.nnkit');
    fs.writeFileSync(bad, 'hello');
    const r = spawnSync(process.execPath, [SERVER, bad], {
      encoding: 'utf8',
      env: { ...process.env, NNKIT_BACKEND: b.name },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/predict-server: .*not-a-model\.nnkit/);
  });
});
