// A first look at the selection core: a synthetic pool of candidates whose predictions range from sure
// to torn, scored with AIFT, and the batch a radiologist would be asked to label first.
import { buildPlan, createRng, PLAN_PRESETS, randomExtension, worthiness } from '@aift/selection-core';

const plan = buildPlan(PLAN_PRESETS.paper);
const m = plan.transforms.length;
const nCandidates = 200;
const rng = createRng(2017);

// Candidate c's model leans to "pneumonia" with strength s_c; its patches scatter around it by d_c.
const data = new Float64Array(nCandidates * m * 2);
for (let c = 0; c < nCandidates; c++) {
  const lean = rng.next();
  const scatter = 0.3 * rng.next();
  for (let j = 0; j < m; j++) {
    const p = Math.min(1, Math.max(0, lean + scatter * (rng.next() - 0.5)));
    data[(c * m + j) * 2] = 1 - p;
    data[(c * m + j) * 2 + 1] = p;
  }
}
const parts = worthiness({ data, nCandidates, nPatches: m, nClasses: 2 });
const batch = randomExtension(parts.worthiness, { b: 8, omega: 3, rng });

console.log(`AIFT selection core: ${nCandidates} synthetic candidates x ${m} patches (plan "${plan.name}")`);
console.log(`Batch of ${batch.length} to label (alpha 0.25 keeps ${parts.keptPatches} patches, omega 3):`);
console.log('  candidate  P(pneumonia)  entropy  diversity  worthiness');
for (const c of batch) {
  const pPneumonia = parts.predictedClass[c] === 1 ? parts.probability[c] : 1 - parts.probability[c];
  console.log(
    `  ${String(c).padStart(9)}  ${pPneumonia.toFixed(3).padStart(12)}  ${parts.entropy[c].toFixed(3).padStart(7)}` +
      `  ${parts.diversity[c].toFixed(3).padStart(9)}  ${parts.worthiness[c].toFixed(3).padStart(10)}`,
  );
}
