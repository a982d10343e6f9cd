// How long the selection core takes to score and pick from a large pool: the issue asks for well under a
// second for 10,000 candidates x 16 patches x 2 classes.
import { createRng, randomExtension, STRATEGIES, STRATEGY_NAMES } from '@aift/selection-core';
import type { PatchProbabilities } from '@aift/selection-core';
import { median, publish, timeRuns } from './lib/report.js';

const RUNS = 9;
const shape = { nCandidates: 10_000, nPatches: 16, nClasses: 2 };

function syntheticPool(seed: number): PatchProbabilities {
  const rng = createRng(seed);
  const data = new Float32Array(shape.nCandidates * shape.nPatches * shape.nClasses);
  for (let i = 0; i < data.length; i += 2) {
    const p = rng.next() < 0.05 ? Math.round(rng.next()) : rng.next(); // some saturated 0/1 outputs
    data[i] = p;
    data[i + 1] = 1 - p;
  }
  return { data, ...shape };
}

const pool = syntheticPool(1);
const rows = STRATEGY_NAMES.map((name) => {
  const score = STRATEGIES[name].create({ alpha: 0.25, rng: createRng(2) });
  return [name, median(timeRuns(() => score(pool), RUNS))] as const;
});
const scores = STRATEGIES.aift.create({ alpha: 0.25, rng: createRng(2) })(pool);
const rng = createRng(3);
const pick = median(timeRuns(() => randomExtension(scores, { b: 16, omega: 5, rng }), RUNS));

publish(
  'selectionScoring',
  `# Selection core: scoring ${shape.nCandidates.toLocaleString('en')} candidates x ${shape.nPatches} patches x ${shape.nClasses} classes

Median of ${RUNS} runs (after one warm-up), including input validation. Command: \`npm run bench -- selectionScoring\`.

| strategy | ms |
|---|---:|
${rows.map(([name, ms]) => `| ${name} | ${ms.toFixed(1)} |`).join('\n')}
| pick 16 of 10,000 (randomExtension, omega 5) | ${pick.toFixed(1)} |`,
);
