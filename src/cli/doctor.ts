// `nnkit doctor [--json]`: which backend, SIMD level, bf16 support and threads are in use, which binary was loaded
// (a prebuild or a local build), and — on the JS backend — why native is not in use and the one command that gets it.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { backendInfo, nativeUnavailableReason } from '../backend';
import { detectLibc, platformSupport } from '../backend/platform-support';
import { VERSION } from '../version';

/** The addon file node-gyp-build picks in this package (build/Release first, then prebuilds/), or undefined. */
function addonPath(): string | undefined {
  if (process.env.NNKIT_NATIVE_PATH) return process.env.NNKIT_NATIVE_PATH;
  try {
    const resolve = (require('node-gyp-build') as { resolve(dir: string): string }).resolve;
    return resolve(path.join(__dirname, '..', '..'));
  } catch {
    return undefined;
  }
}

function doctorReport() {
  const info = backendInfo();
  const support = platformSupport(process.platform, process.arch, detectLibc());
  const native = info.name === 'native';
  const addon = native ? addonPath() : undefined;
  const reason = nativeUnavailableReason();
  return {
    backend: info.name,
    simd: info.simd,
    bf16: info.bf16,
    threads: info.threads,
    version: info.version,
    node: process.versions.node,
    napi: process.versions.napi,
    platform: `${process.platform}-${process.arch}`,
    target: support.target,
    prebuiltForPlatform: support.prebuilt,
    addon: addon === undefined ? undefined : path.relative(path.join(__dirname, '..', '..'), addon),
    nativeUnavailable: native ? undefined : (reason ?? 'NNKIT_BACKEND=js'),
    howToGetNative: native ? undefined : reason ? support.howToGetNative : 'unset NNKIT_BACKEND',
  };
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
  const report = doctorReport();
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  const lines = [
    `nnkit ${VERSION} on Node ${report.node} (${report.target}, N-API ${report.napi})`,
    `backend  ${report.backend}`,
    `simd     ${report.simd}`,
    `bf16     ${report.bf16 ? 'native (AVX512_BF16)' : 'emulated (no AVX512_BF16, or capped by NNKIT_SIMD)'}`,
    `threads  ${report.threads}`,
  ];
  if (report.addon) lines.push(`addon    ${report.addon}`);
  if (report.nativeUnavailable) lines.push(`native   not in use: ${report.nativeUnavailable}`);
  if (report.howToGetNative) lines.push(`to get native: ${report.howToGetNative}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
