import { assertCount, assertScores } from '../validate.js';
import { rankDescending } from './rankDescending.js';

/** Greedy selection: the min(b, n) highest-scoring candidates, best first. */
export function topK(scores: Float64Array, b: number): Int32Array {
  assertScores(scores);
  assertCount('b', b, 0);
  return rankDescending(scores).slice(0, Math.min(b, scores.length));
}
