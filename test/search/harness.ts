// Test harness for executors that leave this process: a compiled copy of nnkit (worker threads and `nnkit worker`
// processes run JavaScript) and a real redis-server on a free loopback port, stopped after the suite.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Compiles src/ into a temporary package (sharing node_modules, build/ and data/); returns its directory. */
export function compileCopy(): string {
  const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-search-'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  fs.mkdirSync(path.join(pkg, 'bin'));
  fs.copyFileSync(path.join(root, 'bin', 'nnkit.js'), path.join(pkg, 'bin', 'nnkit.js'));
  for (const dir of ['node_modules', 'build', 'data']) {
    if (fs.existsSync(path.join(root, dir))) fs.symlinkSync(path.join(root, dir), path.join(pkg, dir));
  }
  // Type errors elsewhere in the tree must not stop the copy: tsc emits anyway; we check the files we need.
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      path.join(pkg, 'dist'),
    ],
    { encoding: 'utf8' },
  );
  if (!fs.existsSync(path.join(pkg, 'dist', 'search', 'executors', 'pool-thread.js'))) {
    throw new Error(`compiling nnkit failed:\n${r.stdout}${r.stderr}`);
  }
  return pkg;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));

export interface Redis {
  url: string;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1:<port> (default a free one), no persistence; resolves once it accepts connections. */
export async function startRedis(port?: number): Promise<Redis> {
  if (!REDIS_SERVER) throw new Error('redis-server not installed');
  port ??= await freePort();
  const proc = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  killOnExit(proc);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${out}`));
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(proc) };
}

/** Children must not outlive a test process that dies early (a timeout, a crash). */
function killOnExit(proc: ChildProcess): void {
  const kill = () => proc.kill('SIGKILL');
  process.once('exit', kill);
  proc.once('exit', () => process.off('exit', kill));
}

export function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill(signal);
  });
}

/** A child process whose stdout lines are collected; `waitFor` resolves on the first line matching. */
export interface Child {
  proc: ChildProcess;
  lines: string[];
  waitFor(re: RegExp, ms?: number): Promise<string>;
}

export function spawnChild(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(proc);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters])
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  return {
    proc,
    lines,
    waitFor(re, ms = 20_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${re}; output:\n${lines.join('\n')}`)),
          ms,
        );
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

/** `nnkit worker` of the compiled copy on `url` with short locks (a dead worker's trial is noticed in about 2 s; BullMQ's
 *  defaults are 30 s), added to `workers`; resolves once it is ready. */
export async function startTrialWorker(
  pkg: string,
  url: string,
  workers: Child[],
  extra: string[] = [],
): Promise<Child> {
  const w = spawnChild(
    [path.join(pkg, 'bin', 'nnkit.js'), 'worker', '--redis', url, '--lock-ms', '1500', '--stalled-ms', '500', ...extra],
    pkg,
    { NNKIT_BACKEND: 'js' },
  );
  workers.push(w);
  await w.waitFor(/nnkit worker: ready/);
  return w;
}
