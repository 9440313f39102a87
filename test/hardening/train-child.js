// A training run that checkpoints every epoch and resumes from its checkpoint when one exists: the crash-safety
// test SIGKILLs it at random moments and restarts it. Uses the compiled package (dist/).
// usage: node train-child.js <checkpoint> <final-model> <epochs>
'use strict';
const fs = require('node:fs');
const nnkit = require('../../dist');

async function main() {
  const [checkpoint, finalPath, epochsArg] = process.argv.slice(2);
  const epochs = Number(epochsArg);
  const { train } = await nnkit.data.loadDigits();
  const data = nnkit.data.subset(
    train,
    Array.from({ length: 600 }, (_, i) => i),
  );
  let model, optimizer, resume;
  if (fs.existsSync(checkpoint)) {
    ({ model, optimizer, state: resume } = await nnkit.loadCheckpoint(checkpoint));
  } else {
    model = new nnkit.Sequential([
      new nnkit.Dense(64, 64, { seed: 1 }),
      new nnkit.BatchNorm(64),
      new nnkit.ReLU(),
      new nnkit.Dense(64, 10, { seed: 2 }),
    ]);
    optimizer = new nnkit.optim.SGD({ lr: 0.05, momentum: 0.9, weightDecay: 1e-4 });
  }
  await model.fit(data, {
    epochs,
    batchSize: 32,
    seed: 7,
    schedule: 'cosine',
    optimizer,
    resume,
    checkpoint: { path: checkpoint, every: 1 },
    onProgress: () => {},
  });
  await model.save(finalPath);
  process.stdout.write('done\n');
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
