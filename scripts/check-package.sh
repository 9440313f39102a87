#!/usr/bin/env bash
# The packed tarball as users meet it: package linters (publint; @arethetypeswrong/cli: types resolve for require
# and import under node10, node16 and bundler resolution), its contents (no source maps, no native test programs, a
# LICENSE, no optional search dependencies pulled in), and one fresh project that loads it with require() and with
# import (the same names both ways) and type-checks both (names of losses and schedules are literal unions).
#   usage: bash scripts/check-package.sh nnkit-x.y.z.tgz
set -euo pipefail
tgz=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)

echo "::: publint"
npx --no-install publint run "$tgz" --strict
echo "::: arethetypeswrong"
npx --no-install attw "$tgz" --profile node16 --format ascii

echo "::: contents"
contents=$(tar -tzf "$tgz")
! grep -E '\.map$|_check_main\.cc$' <<<"$contents" || { echo "source maps or native test programs in $tgz"; exit 1; }
grep -qx 'package/LICENSE' <<<"$contents" || { echo "no LICENSE in $tgz"; exit 1; }
for f in dist/esm/index.mjs dist/esm/index.d.mts scripts/prepare.js examples/predict-server.js examples/load-test.js; do
  grep -qx "package/$f" <<<"$contents" || { echo "no $f in $tgz"; exit 1; }
done

echo "::: a fresh project: require and import"
user=$(mktemp -d)
trap 'rm -rf "$user"' EXIT
cd "$user"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "$tgz" >/dev/null
for p in bullmq ioredis; do [ ! -d "node_modules/$p" ] || { echo "$p installed: it should be an optional peer"; exit 1; }; done
node -e "
  const n = require('nnkit');
  if (typeof n.Model !== 'function' || typeof n.data.loadDigits !== 'function') throw new Error('require: no Model');
  console.log('require:', Object.keys(n).length, 'exports');"
node --input-type=module -e "
  import { createRequire } from 'node:module';
  import * as esm from 'nnkit';
  import nnkit, { Model } from 'nnkit';
  const cjs = createRequire(import.meta.url)('nnkit');
  const named = Object.keys(esm).filter((k) => k !== 'default').sort().join();
  if (named !== Object.keys(cjs).sort().join()) throw new Error('import and require give different names');
  if (Model !== cjs.Model || nnkit !== cjs) throw new Error('import and require give different objects');
  console.log('import: the same', Object.keys(cjs).length, 'exports');"
cat > esm.mts <<'TS'
import nnkit, { Model, Tensor, type FitOptions } from 'nnkit';
const opts: FitOptions = { epochs: 1, loss: 'softmax-cross-entropy', schedule: 'cosine' };
// @ts-expect-error: a misspelt loss name fails at compile time
export const typo: FitOptions = { loss: 'softmax-crossentropy' };
// @ts-expect-error: so does a misspelt schedule
export const typo2: FitOptions = { schedule: 'cosine-decay' };
export const m: Model = new nnkit.Model([]);
export const t = Tensor.zeros([1, 2]);
export { opts };
TS
cat > cjs.cts <<'TS'
import nnkit = require('nnkit');
export const m: nnkit.Model = new nnkit.Model([]);
TS
"$root/node_modules/.bin/tsc" --noEmit --strict --module node16 --moduleResolution node16 --types node \
  --typeRoots "$root/node_modules/@types" esm.mts cjs.cts
echo "types: import and require type-check (node16)"
