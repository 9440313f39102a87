// The body of one worker_threads pool thread: receive a trial spec, run it, post the result. Loaded from the
// compiled dist/ (worker_threads run JavaScript), one trial at a time.
import { hostname } from 'node:os';
import { parentPort, threadId } from 'node:worker_threads';
import { backendInfo } from '../../backend';
import { runTrial } from '../run-trial';
import { settle, type TrialSpec } from '../trial';

if (!parentPort) throw new Error('pool-thread: must run inside a worker thread');
const port = parentPort;
const trial = settle(runTrial);
const worker = `${hostname()}:${process.pid}/t${threadId}`;

port.on('message', async (msg: { spec: TrialSpec }) => {
  const result = await trial(msg.spec);
  port.postMessage({ type: 'result', result: { ...result, worker } });
});
const info = backendInfo();
port.postMessage({ type: 'ready', backend: info.name, threads: info.threads });
