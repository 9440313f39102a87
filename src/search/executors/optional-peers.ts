// bullmq and ioredis are optional peer dependencies: only distributed search (--redis, BullMQExecutor, nnkit
// worker) needs them (~15 MB with a native optional dependency), so `npm install nnkit` does not pull them in.
// Loaded on first use (bullmq costs ~200 ms, which `require('nnkit')` should not pay), with an error naming what to
// install when they are missing. Not re-exported: the public type declarations must not name these packages.

export function loadBullMQ(): typeof import('bullmq') {
  return optionalPeer<typeof import('bullmq')>('bullmq');
}

export function loadIORedis(): typeof import('ioredis') {
  return optionalPeer<typeof import('ioredis')>('ioredis');
}

function optionalPeer<T>(name: 'bullmq' | 'ioredis'): T {
  try {
    return require(name) as T;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(
      'distributed search (--redis, BullMQExecutor, nnkit worker) needs the optional packages bullmq and ioredis: ' +
        `npm install bullmq@^6 ioredis@^6 (${name} is not installed)`,
    );
  }
}
