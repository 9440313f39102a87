// Backend selection. NNKIT_BACKEND=native|js chooses; otherwise native when the addon loads, else the JS backend
// with exactly one warning line on stderr saying why and how to get the native build.
import { jsBackend } from './js';
import { loadNative, type NativeBackend } from './native';
import type { Backend, BackendInfo, BackendName, FloatArray } from './types';

const NAMES: readonly BackendName[] = ['native', 'js'];
let current: Backend | undefined;
let fallbackReason: string | undefined;

function checkName(name: unknown, where: string): BackendName {
  if (!NAMES.includes(name as BackendName)) {
    throw new Error(`${where} must be one of ${NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  return name as BackendName;
}

function firstLine(e: Error): string {
  return e.message.split('\n')[0];
}

/** The backend with this name; throws with the load error when native was asked for and is not available. The
 *  native backend takes Float32Array data only. */
export function getBackend(name: 'native'): NativeBackend;
export function getBackend(name: BackendName): Backend;
export function getBackend(name: BackendName): Backend {
  if (checkName(name, 'backend name') === 'js') return jsBackend;
  const native = loadNative();
  if (native.error) {
    throw new Error(
      `nnkit: the native backend is not available: ${firstLine(native.error)}. ` +
        'Build it with `npm rebuild nnkit` (needs python3, make and a C++17 compiler), or use the js backend.',
    );
  }
  return native.backend;
}

/** Makes `name` the backend every layer and optimizer uses from now on. */
export function setBackend(name: BackendName): Backend {
  current = getBackend(name);
  return current;
}

/** The backend in use, chosen on first call. */
export function backend(): Backend {
  if (current) return current;
  const env = process.env.NNKIT_BACKEND;
  if (env) return setBackend(checkName(env, 'NNKIT_BACKEND'));
  const native = loadNative();
  if (native.backend) {
    current = native.backend;
  } else {
    fallbackReason = firstLine(native.error);
    process.stderr.write(
      `nnkit: native addon not loaded (${fallbackReason}); using the slower JS backend. ` +
        'For native speed run `npm rebuild nnkit` with a C++17 compiler, python3 and make installed.\n',
    );
    current = jsBackend;
  }
  return current;
}

/** The backend for arrays of this precision: the current one for Float32Array, JS for Float64Array
 *  (gradient checks run the same layers in float64 on the JS backend). */
export function kernelsFor(data: FloatArray): Backend {
  return data instanceof Float64Array ? jsBackend : backend();
}

/** What is running: `{ name, simd, threads, version }`. */
export function backendInfo(): BackendInfo {
  return backend().info();
}

/** Why the native backend is not in use, when it is not (for `nnkit doctor`). */
export function nativeUnavailableReason(): string | undefined {
  const native = loadNative();
  return native.error ? firstLine(native.error) : fallbackReason;
}
