// The package version, read once from package.json (two levels up from both src/ and dist/).
export const VERSION: string = require('../package.json').version;
