// `nnkit <command>`: the command line is a thin layer over the public API (flags, progress display, files).
// Conventions: `nnkit --help` / `-h` / `help`, `nnkit --version` / `-v`, `nnkit <command> --help` / `-h` print to
// stdout and exit 0. A bad command line prints the error, a "did you mean" for a mistyped flag or command, and the
// command's own usage to stderr. Exit codes (README "Exit codes"):
//   0 success · 1 failure (an error, or a run whose babysitter or checks found an error: NaN loss, explosion)
//   2 usage error · 130 interrupted (SIGINT / AbortSignal)
import { flagsOf, nearest } from './cli/did-you-mean';
import { UsageError } from './cli/usage-error';
import { VERSION } from './version';

const USAGE = `usage: nnkit <command> [options]      (nnkit <command> --help for its options)

commands:
  train [options]   train an MLP (default: the embedded digits, ≥ 97 % test accuracy)
  doctor [--json]   which backend, SIMD level and threads nnkit uses, and why native is off when it is
  search --data D   hyperparameter search (random, coarse-to-fine; local threads or --redis)
  worker --redis URL  run trials of distributed searches (BullMQ on Redis)
  bench [name] [--json]  throughput benchmarks beside the peers (repository only; same as npm run bench)
  check [--data D] [--json]  sanity checks before training: init loss, L2, gradcheck, overfit 20 samples, activations
  predict M.nnkit --data rows.csv [--proba] [--json]  labels (--proba: and class probabilities) or values
  export M.nnkit --onnx OUT.onnx  a saved model as ONNX (onnxruntime, onnxruntime-web, Python); --opset N
  import M.onnx --save OUT.nnkit  an ONNX model (PyTorch, Keras/tf2onnx) as a trainable nnkit model file
  evaluate --model M.nnkit --data D  a saved model's metrics on a dataset's test split or a labelled CSV
  info M.nnkit      a saved model's layers, parameter counts, preprocessing and training settings
  compare a.json b.json ...  training runs (nnkit train --json outputs) overlaid in one HTML page
  help, --help, -h  this text
  --version, -v     the version

exit codes: 0 success, 1 failure (incl. a training run stopped by a NaN or exploding loss), 2 usage error,
130 interrupted
`;

type Run = (argv: string[]) => Promise<number>;
interface Command {
  run: Run;
  usage: string;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  doctor: () => import('./cli/doctor').then((m) => ({ run: m.doctorCommand, usage: 'usage: nnkit doctor [--json]\n' })),
  train: () => import('./cli/train').then((m) => ({ run: m.trainCommand, usage: m.TRAIN_USAGE })),
  search: () => import('./cli/search').then((m) => ({ run: m.searchCommand, usage: m.SEARCH_USAGE })),
  worker: () => import('./cli/worker').then((m) => ({ run: m.workerCommand, usage: m.WORKER_USAGE })),
  bench: () => import('./cli/bench').then((m) => ({ run: m.benchCommand, usage: m.BENCH_USAGE })),
  check: () => import('./cli/check').then((m) => ({ run: m.checkCommand, usage: m.CHECK_USAGE })),
  export: () => import('./cli/export').then((m) => ({ run: m.exportCommand, usage: m.EXPORT_USAGE })),
  import: () => import('./cli/import').then((m) => ({ run: m.importCommand, usage: m.IMPORT_USAGE })),
  predict: () => import('./cli/predict').then((m) => ({ run: m.predictCommand, usage: m.PREDICT_USAGE })),
  evaluate: () => import('./cli/evaluate').then((m) => ({ run: m.evaluateCommand, usage: m.EVALUATE_USAGE })),
  info: () => import('./cli/info').then((m) => ({ run: m.infoCommand, usage: m.INFO_USAGE })),
  compare: () => import('./cli/compare').then((m) => ({ run: m.compareCommand, usage: m.COMPARE_USAGE })),
};

const line = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') return print(process.stdout, USAGE, 0);
  if (name === '--version' || name === '-v' || name === 'version') return print(process.stdout, `${VERSION}\n`, 0);
  if (name === undefined || !Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    const guess = name === undefined ? undefined : nearest(name, Object.keys(COMMANDS));
    const what =
      name === undefined ? '' : `nnkit: unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''}\n`;
    return print(process.stderr, what + USAGE, 2);
  }
  const command = await COMMANDS[name]();
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) return print(process.stdout, line(command.usage), 0);
  try {
    return await command.run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      const message = err.message.includes(command.usage.trim()) ? err.message : `${err.message}\n${command.usage}`;
      return print(process.stderr, line(`nnkit ${name}: ${withSuggestion(message, command.usage)}`), 2);
    }
    return print(process.stderr, `nnkit ${name}: ${err.message}\n`, 1);
  }
}

/** Node's "Unknown option '--epoch'" gets "; did you mean --epochs?" from the command's usage text. */
function withSuggestion(message: string, usage: string): string {
  const unknown = /Unknown option '(--[^']+)'/.exec(message)?.[1];
  const guess = unknown && nearest(unknown, flagsOf(usage));
  if (!unknown || !guess) return message;
  const firstLine = message.indexOf('\n');
  const head = firstLine < 0 ? message : message.slice(0, firstLine);
  return `unknown option '${unknown}'; did you mean ${guess}?${message.slice(head.length)}`;
}

function print(stream: NodeJS.WriteStream, text: string, code: number): number {
  stream.write(text);
  return code;
}
