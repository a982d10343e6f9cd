import { assertCount } from '../validate.js';
import { assertEmbeddings, kCenterGreedySteps } from './kCenterGreedy.js';
import { runSteps } from './steps.js';
import type { Steps } from './steps.js';
import type { Embeddings } from './kCenterGreedy.js';

/** The share of the pool left out as outliers unless told otherwise. */
export const DEFAULT_OUTLIER_SHARE = 0.2;
/** How isolated a candidate is: its distance to this many-th nearest reference point. */
const NEIGHBOURS = 20;
/** Reference points for that distance, evenly strided over the pool: O(pool x references x dim). */
const MAX_REFERENCES = 1000;
/** Isolation distances per step: about 1.3 M multiply-adds each at 1,000 references x 1,280 dimensions. */
const CANDIDATES_PER_STEP = 16;

export interface RobustKCenterOptions {
  /** Share of the pool, the most isolated candidates, that is neither picked nor needs covering. */
  readonly outlierShare?: number;
  /** Indices (e.g. the labeled set) that count as centres, outliers or not, and are never returned. */
  readonly alreadyChosen?: readonly number[];
}

/**
 * Core-set cold start that tolerates outliers (the robust k-center of Sener & Savarese 2018, greedily):
 * leave out the `outlierShare` most isolated candidates, then cover the rest farthest-first with
 * `kCenterGreedy`; beyond the kept share, the outliers follow, least isolated first. Plain greedy
 * k-center's first picks are the pool's most extreme images (odd exposures, crops, artefacts): with a
 * handful of labels those teach the model little about the typical case, and on an imbalanced chest X-ray
 * pool they left the first model far below a random handful. Isolation is the distance to the 20th nearest
 * of up to 1,000 reference points, so the cost stays linear in the pool. Deterministic: no random draw.
 */
export function robustKCenter(
  embeddings: Embeddings,
  b: number,
  options: RobustKCenterOptions = {},
): Int32Array {
  return runSteps(robustKCenterSteps(embeddings, b, options));
}

/** `robustKCenter`, yielding every few candidates of the isolation pass and after each centre. */
export function* robustKCenterSteps(
  embeddings: Embeddings,
  b: number,
  { outlierShare = DEFAULT_OUTLIER_SHARE, alreadyChosen = [] }: RobustKCenterOptions = {},
): Steps<Int32Array> {
  assertEmbeddings(embeddings);
  assertCount('b', b, 0);
  if (!(outlierShare >= 0 && outlierShare < 1)) {
    throw new RangeError(`outlierShare must be in [0, 1), got ${outlierShare}`);
  }
  const { data, count, dim } = embeddings;
  const isolated = yield* isolation(embeddings);
  const byIsolation = Array.from(isolated.keys()).sort((i, j) => isolated[i]! - isolated[j]! || i - j);
  for (const i of alreadyChosen) {
    if (!Number.isInteger(i) || i < 0 || i >= count)
      throw new RangeError(`chosen index ${i} is out of range`);
  }
  const chosen = new Set(alreadyChosen);
  const keep = Math.ceil((1 - outlierShare) * count);
  // The chosen stay in as centres even when isolated: what is labeled is covered, wherever it lies.
  const kept = [...new Set([...byIsolation.slice(0, keep), ...chosen])].sort((i, j) => i - j);
  const subset = new Float64Array(kept.length * dim);
  kept.forEach((i, k) => subset.set(data.subarray(i * dim, (i + 1) * dim), k * dim));
  const position = new Map(kept.map((i, k) => [i, k]));
  const covering = Array.from(
    yield* kCenterGreedySteps(
      { data: subset, count: kept.length, dim },
      b,
      [...chosen].map((i) => position.get(i)!),
    ),
    (k) => kept[k]!,
  );
  // Asked for more than the kept share (a whole-pool ranking): the outliers come last, least isolated first.
  const outliers = byIsolation.slice(keep).filter((i) => !chosen.has(i));
  return Int32Array.from([...covering, ...outliers.slice(0, b - covering.length)]);
}

/** Per candidate, the distance to its NEIGHBOURS-th nearest reference point other than itself. */
function* isolation({ data, count, dim }: Embeddings): Steps<Float64Array> {
  const references = Math.min(count, MAX_REFERENCES);
  const referenceIndex = Array.from({ length: references }, (_, r) => Math.floor((r * count) / references));
  const norms = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += (data[i * dim + d] as number) ** 2;
    norms[i] = sum;
  }
  const k = Math.min(NEIGHBOURS, references - 1);
  const out = new Float64Array(count);
  const distances = new Float64Array(references);
  for (let i = 0; i < count; i++) {
    let n = 0;
    for (const j of referenceIndex) {
      if (j === i) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += (data[i * dim + d] as number) * (data[j * dim + d] as number);
      distances[n++] = norms[i]! + norms[j]! - 2 * dot;
    }
    out[i] = k > 0 ? distances.subarray(0, n).sort()[k - 1]! : 0;
    if (i % CANDIDATES_PER_STEP === CANDIDATES_PER_STEP - 1) yield;
  }
  return out;
}
