// The package version, read once from package.json (two levels up from both src/ and dist/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = require('../package.json').version;
