import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Rng } from './types.js';

/** A seeded generator (xoroshiro128+): the same seed gives the same sequence in the browser and in Node. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  const generator = xoroshiro128plus(seed);
  return { next: () => uniformFloat64(generator) };
}
