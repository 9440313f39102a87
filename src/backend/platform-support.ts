// What a platform gets from the published package, and the one command that gets native speed where it is not
// prebuilt. Prebuilds ship inside the tarball for linux-x64 and linux-arm64 on glibc (scripts/platforms/); every
// other platform compiles the addon from source when the user allows nnkit's install script, else runs on JS.

export type Libc = 'glibc' | 'musl' | 'none';

export interface PlatformSupport {
  /** e.g. 'linux-x64-glibc', 'darwin-arm64' */
  target: string;
  /** true when the published tarball carries a prebuilt addon for this platform */
  prebuilt: boolean;
  /** how to get the native backend here when it is not loaded */
  howToGetNative: string;
}

const PREBUILT = new Set(['linux-x64-glibc', 'linux-arm64-glibc']);
const REBUILD = 'npm install-scripts approve nnkit && npm rebuild nnkit';

/** The C library of this Linux process: glibc reports its version in process.report, musl does not. */
export function detectLibc(): Libc {
  if (process.platform !== 'linux') return 'none';
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

export function platformSupport(platform: string, arch: string, libc: Libc): PlatformSupport {
  const target = libc === 'none' ? `${platform}-${arch}` : `${platform}-${arch}-${libc}`;
  const compilers: Record<string, string> = {
    darwin: 'xcode-select --install',
    win32: 'install Visual Studio Build Tools (C++ workload) and Python 3',
    musl: 'apk add build-base python3',
    glibc: 'apt-get install python3 make g++ (or your distribution’s C++17 compiler)',
  };
  const compiler = compilers[libc === 'none' ? platform : libc] ?? 'install python3, make and a C++17 compiler';
  const rebuild = `${compiler}, then ${REBUILD}`;
  return {
    target,
    prebuilt: PREBUILT.has(target),
    howToGetNative: PREBUILT.has(target)
      ? `reinstall nnkit (the ${target} prebuild is in the package), or ${REBUILD}`
      : rebuild,
  };
}
