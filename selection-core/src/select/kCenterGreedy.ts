import { assertCount } from '../validate.js';
import { runSteps } from './steps.js';
import type { Steps } from './steps.js';

/** Row-major feature vectors, one per candidate: `data[i * dim + d]`. */
export interface Embeddings {
  readonly data: Float32Array | Float64Array;
  readonly count: number;
  readonly dim: number;
}

/**
 * Core-set cold start (Sener & Savarese 2018, greedy k-center): repeatedly pick the candidate farthest
 * (Euclidean) from everything already chosen, so a first batch chosen with no labels covers the pool.
 * With nothing chosen yet, it starts from the candidate nearest the pool's centroid, so the pick is
 * deterministic. `alreadyChosen` are indices (e.g. the labeled set) that count as centres but are not returned.
 */
export function kCenterGreedy(
  embeddings: Embeddings,
  b: number,
  alreadyChosen: readonly number[] = [],
): Int32Array {
  return runSteps(kCenterGreedySteps(embeddings, b, alreadyChosen));
}

/** `kCenterGreedy`, yielding after each centre (one pass over the pool) so a caller can pause between. */
export function* kCenterGreedySteps(
  embeddings: Embeddings,
  b: number,
  alreadyChosen: readonly number[] = [],
): Steps<Int32Array> {
  const { data, count, dim } = embeddings;
  assertEmbeddings(embeddings);
  assertCount('b', b, 0);
  const nearest = new Float64Array(count).fill(Infinity);
  const isChosen = new Uint8Array(count);
  const choose = (i: number): void => {
    isChosen[i] = 1;
    for (let j = 0; j < count; j++) nearest[j] = Math.min(nearest[j]!, squaredDistance(data, dim, i, j));
  };
  for (const i of alreadyChosen) {
    if (!Number.isInteger(i) || i < 0 || i >= count)
      throw new RangeError(`chosen index ${i} is out of range`);
    choose(i);
    yield;
  }
  const picked: number[] = [];
  const want = Math.min(b, count - alreadyChosen.length);
  if (want > 0 && alreadyChosen.length === 0) {
    picked.push(nearestToCentroid(embeddings));
    choose(picked[0]!);
  }
  while (picked.length < want) {
    let best = -1;
    for (let j = 0; j < count; j++) if (!isChosen[j] && (best < 0 || nearest[j]! > nearest[best]!)) best = j;
    picked.push(best);
    choose(best);
    yield;
  }
  return Int32Array.from(picked);
}

/** Rejects embeddings whose shape does not match their values, or that hold a non-finite value. */
export function assertEmbeddings({ data, count, dim }: Embeddings): void {
  assertCount('count', count, 0);
  assertCount('dim', dim, 1);
  if (data.length !== count * dim) {
    throw new RangeError(`embeddings have ${data.length} values, expected ${count} x ${dim}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`embedding ${Math.floor(i / dim)} is not finite`);
  }
}

function squaredDistance(data: ArrayLike<number>, dim: number, i: number, j: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) {
    const diff = (data[i * dim + d] as number) - (data[j * dim + d] as number);
    sum += diff * diff;
  }
  return sum;
}

function nearestToCentroid({ data, count, dim }: Embeddings): number {
  const centroid = new Float64Array(dim);
  for (let i = 0; i < count; i++)
    for (let d = 0; d < dim; d++) centroid[d]! += (data[i * dim + d] as number) / count;
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += ((data[i * dim + d] as number) - centroid[d]!) ** 2;
    if (sum < bestDistance) {
      bestDistance = sum;
      best = i;
    }
  }
  return best;
}
