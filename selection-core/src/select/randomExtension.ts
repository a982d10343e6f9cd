import type { Rng } from '../types.js';
import { assertCount, assertScores } from '../validate.js';
import { rankDescending } from './rankDescending.js';

export interface RandomExtensionOptions {
  /** Batch size: how many candidates to pick. */
  readonly b: number;
  /** Random extension (ACFT's omega >= 1): sample from the top ceil(omega * b). 1 = greedy top-b. */
  readonly omega: number;
  readonly rng: Rng;
}

/**
 * ACFT's randomised batch selection. Rank by score, keep the top ceil(omega * b), rescale
 * a'_i = (a_i - a_last) / (a_first - a_last), and draw b of them without replacement with probability
 * proportional to a'_i. The last kept candidate has weight 0 and is drawn only when nothing else is left;
 * when all kept scores are equal the draw is uniform. Returns pool indices in the order drawn.
 */
export function randomExtension(scores: Float64Array, options: RandomExtensionOptions): Int32Array {
  const { b, omega, rng } = options;
  assertScores(scores);
  assertCount('b', b, 0);
  if (!(Number.isFinite(omega) && omega >= 1)) {
    throw new RangeError(`omega must be a finite number >= 1, got ${String(omega)}`);
  }
  const ranked = rankDescending(scores);
  const batch = Math.min(b, scores.length);
  if (omega === 1) return ranked.slice(0, batch);

  const top = ranked.slice(0, Math.min(scores.length, Math.ceil(omega * batch)));
  const first = scores[top[0]!] ?? 0;
  const last = scores[top[top.length - 1]!] ?? 0;
  const weights = Float64Array.from(top, (i) => (first > last ? (scores[i]! - last) / (first - last) : 1));

  const picked = new Int32Array(batch);
  const taken = new Uint8Array(top.length);
  for (let n = 0; n < batch; n++) {
    const slot = drawSlot(weights, taken, rng);
    taken[slot] = 1;
    picked[n] = top[slot]!;
  }
  return picked;
}

/** One weighted draw among the slots not yet taken; uniform when their weights are all 0. */
function drawSlot(weights: Float64Array, taken: Uint8Array, rng: Rng): number {
  let total = 0;
  let free = 0;
  for (let s = 0; s < weights.length; s++) {
    if (!taken[s]) {
      total += weights[s]!;
      free++;
    }
  }
  const uniform = total <= 0;
  let target = rng.next() * (uniform ? free : total);
  let fallback = -1;
  for (let s = 0; s < weights.length; s++) {
    if (taken[s] || (!uniform && weights[s]! <= 0)) continue;
    fallback = s;
    target -= uniform ? 1 : weights[s]!;
    if (target < 0) return s;
  }
  return fallback; // rounding left target at ~0: the last eligible slot is the one it pointed to
}
