// What the cold start costs: the server ranks the first 500 cases of the pool by (robust) k-center on the
// backbone's 1280-d embeddings before anyone has labeled, and the harness picks its first batch the same
// way. Robust k-center adds an isolation pass (distance to the 20th nearest of 1,000 reference points).
import { createRng, kCenterGreedy, robustKCenter } from '@aift/selection-core';
import type { Embeddings } from '@aift/selection-core';
import { median, publish, timeRuns } from './lib/report.js';

const RUNS = 3;
const DIM = 1280;

/** Clustered synthetic embeddings (20 centres, Gaussian-ish spread) with a few far outliers. */
function syntheticEmbeddings(count: number, seed: number): Embeddings {
  const rng = createRng(seed);
  const centres = Array.from({ length: 20 }, () => Float64Array.from({ length: DIM }, () => rng.next() * 4));
  const data = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    const centre = centres[i % centres.length]!;
    const spread = i % 97 === 0 ? 6 : 1; // about 1% outliers
    for (let d = 0; d < DIM; d++) data[i * DIM + d] = centre[d]! + spread * (rng.next() - 0.5);
  }
  return { data, count, dim: DIM };
}

const rows: string[] = [];
for (const count of [2_000, 10_000]) {
  const embeddings = syntheticEmbeddings(count, 1);
  for (const b of [16, 500]) {
    const plain = median(timeRuns(() => kCenterGreedy(embeddings, b), RUNS)) / 1000;
    const robust = median(timeRuns(() => robustKCenter(embeddings, b), RUNS)) / 1000;
    rows.push(`| ${count.toLocaleString('en')} | ${b} | ${plain.toFixed(2)} | ${robust.toFixed(2)} |`);
  }
}

publish(
  'coldStart',
  `# Cold start: greedy k-center and robust k-center on ${DIM}-d embeddings

Median of ${RUNS} runs (after one warm-up), synthetic clustered embeddings. Command: \`npm run bench -- coldStart\`.
The server's cold start ranks min(pool, 500) cases once, before the first label; the harness picks one batch.
Timed straight through; the server runs the same steps in ~20 ms slices (\`runStepsYielding\`), so requests
are answered while its first ranking is computed (the isolation pass is most of robust k-center's time:
1,000 reference distances per candidate).

| pool | picked | k-center, s | robust k-center, s |
|---:|---:|---:|---:|
${rows.join('\n')}`,
);
