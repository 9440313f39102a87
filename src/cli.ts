// `nnkit <command>`: the command line is a thin layer over the public API (flags, progress display, files).
import { UsageError } from './cli/usage-error';

const USAGE = `usage: nnkit <command> [options]

commands:
  train [options]   train an MLP (default: the embedded digits, ≥ 97 % test accuracy); nnkit train --help
  doctor [--json]   which backend, SIMD level and threads nnkit uses, and why native is off when it is
  search --data D   hyperparameter search (random, coarse-to-fine; local threads or --redis)
  worker --redis URL  run trials of distributed searches (BullMQ on Redis)
  bench [name] [--json]  throughput benchmarks beside the peers (repository only; same as npm run bench)
  check [--data D] [--json]  sanity checks before training: init loss, L2, gradcheck, overfit 20 samples, activations
  export M.nnkit --onnx OUT.onnx  a saved model as ONNX (onnxruntime, onnxruntime-web, Python); --opset N
  help              this text
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  doctor: (argv) => import('./cli/doctor').then((m) => m.doctorCommand(argv)),
  train: (argv) => import('./cli/train').then((m) => m.trainCommand(argv)),
  search: (argv) => import('./cli/search').then((m) => m.searchCommand(argv)),
  worker: (argv) => import('./cli/worker').then((m) => m.workerCommand(argv)),
  bench: (argv) => import('./cli/bench').then((m) => m.benchCommand(argv)),
  check: (argv) => import('./cli/check').then((m) => m.checkCommand(argv)),
  export: (argv) => import('./cli/export').then((m) => m.exportCommand(argv)),
  help: async () => {
    process.stdout.write(USAGE);
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command || !Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    process.stderr.write((name ? `nnkit: unknown command '${name}'\n` : '') + USAGE);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`nnkit ${name}: ${err.message}\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`nnkit ${name}: ${err.message}\n`);
    return 1;
  }
}
