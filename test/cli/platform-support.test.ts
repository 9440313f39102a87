// Which platforms get a prebuilt addon and what the others are told to do (src/backend/platform-support.ts).
import { expect, it } from 'vitest';
import { detectLibc, platformSupport } from '../../src/backend/platform-support';

it('linux x64 and arm64 on glibc are prebuilt; musl, macOS and Windows are told how to compile', () => {
  expect(platformSupport('linux', 'x64', 'glibc')).toMatchObject({ target: 'linux-x64-glibc', prebuilt: true });
  expect(platformSupport('linux', 'arm64', 'glibc')).toMatchObject({ target: 'linux-arm64-glibc', prebuilt: true });
  const musl = platformSupport('linux', 'x64', 'musl');
  expect(musl).toMatchObject({ target: 'linux-x64-musl', prebuilt: false });
  expect(musl.howToGetNative).toMatch(
    /apk add build-base python3.*npm install-scripts approve nnkit && npm rebuild nnkit/,
  );
  const mac = platformSupport('darwin', 'arm64', 'none');
  expect(mac).toMatchObject({ target: 'darwin-arm64', prebuilt: false });
  expect(mac.howToGetNative).toMatch(/xcode-select --install/);
  expect(platformSupport('win32', 'x64', 'none').howToGetNative).toMatch(/Visual Studio Build Tools/);
  expect(platformSupport('linux', 'ppc64', 'glibc')).toMatchObject({ prebuilt: false });
});

it('this Linux process is detected as glibc (Debian), other platforms as none', () => {
  expect(detectLibc()).toBe(process.platform === 'linux' ? 'glibc' : 'none');
});
