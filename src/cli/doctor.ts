// `nnkit doctor [--json]`: which backend, SIMD level, bf16 support and threads are in use, and why native is not
// when it is not.
import { parseArgs } from 'node:util';
import { backendInfo, nativeUnavailableReason } from '../backend';
import { VERSION } from '../version';

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
  const info = backendInfo();
  const report = {
    backend: info.name,
    simd: info.simd,
    bf16: info.bf16,
    threads: info.threads,
    version: info.version,
    node: process.versions.node,
    napi: process.versions.napi,
    platform: `${process.platform}-${process.arch}`,
    nativeUnavailable: info.name === 'native' ? undefined : (nativeUnavailableReason() ?? 'NNKIT_BACKEND=js'),
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    process.stdout.write(
      `nnkit ${VERSION} on Node ${report.node} (${report.platform}, N-API ${report.napi})\n` +
        `backend  ${report.backend}\nsimd     ${report.simd}\n` +
        `bf16     ${report.bf16 ? 'native (AVX512_BF16)' : 'emulated (no AVX512_BF16, or capped by NNKIT_SIMD)'}\n` +
        `threads  ${report.threads}\n` +
        (report.nativeUnavailable ? `native   not in use: ${report.nativeUnavailable}\n` : ''),
    );
  }
  return 0;
}
