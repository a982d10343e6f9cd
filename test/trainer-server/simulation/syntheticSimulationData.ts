import { createRng } from '@aift/selection-core';
import type { SimulationData } from '../../../trainer-server/src/simulation/simulationData.js';

/**
 * Embeddings standing in for a backbone's: two classes around two centres in a few of `dim` directions,
 * with a share of ambiguous candidates near the boundary, and per-patch noise for the augmented views.
 */
export function syntheticSimulationData(poolSize: number, testSize: number, seed: number): SimulationData {
  const patches = 4;
  const dim = 8;
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const split = (count: number) => {
    const labels = Int32Array.from({ length: count }, () => (rng.next() < 0.3 ? 1 : 0));
    const embeddings = new Float32Array(count * patches * dim);
    labels.forEach((label, i) => {
      const separation = rng.next() < 0.25 ? 0.3 : 1.5; // a quarter of the cases are hard
      const centre = Array.from(
        { length: dim },
        (_, d) => (d < 3 ? (label ? separation : -separation) : 0) + gauss(),
      );
      for (let j = 0; j < patches; j++) {
        for (let d = 0; d < dim; d++) embeddings[(i * patches + j) * dim + d] = centre[d]! + 0.4 * gauss();
      }
    });
    return { embeddings, labels };
  };
  return { classes: 2, patches, embeddingSize: dim, pool: split(poolSize), test: split(testSize) };
}
