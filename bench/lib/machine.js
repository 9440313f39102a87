// Machine description printed with (and stored in the --json output of) every benchmark, so figures are never
// read without knowing where, when and under what load they were taken.
'use strict';
const os = require('node:os');

/** { cpu, cores, memoryGiB, platform, node, loadavg, date, backend? } — pass nnkit to include backendInfo(). */
function machineInfo(nnkit) {
  const cpus = os.cpus();
  const info = {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100),
    date: new Date().toISOString(),
  };
  if (nnkit) info.backend = nnkit.backendInfo();
  return info;
}

/** One line for the top of a printed table. */
function machineLine(m) {
  const b = m.backend ? `, nnkit ${m.backend.name} ${m.backend.simd} ×${m.backend.threads}` : '';
  return `${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}${b}, load ${m.loadavg.join(' ')}, ${m.date}`;
}

module.exports = { machineInfo, machineLine };
