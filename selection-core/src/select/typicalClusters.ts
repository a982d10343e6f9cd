import type { Rng } from '../types.js';
import { assertCount } from '../validate.js';
import { assertEmbeddings } from './kCenterGreedy.js';
import type { Embeddings } from './kCenterGreedy.js';

/** Neighbours that define how typical a candidate is (TypiClust uses 20). */
const NEIGHBOURS = 20;
/** Smaller clusters are left for last. */
const MIN_CLUSTER = 5;
const MAX_ITERATIONS = 30;

/**
 * Cold start for small budgets (TypiClust, Hacohen et al. 2022, "Active learning on a budget"): cluster the
 * pool into `b` groups with k-means, then take from each group, largest first, its most typical candidate,
 * the one closest on average to its nearest neighbours in the group. Greedy k-center covers the pool by
 * picking its most extreme candidates, which with a handful of labels teaches the model about outliers;
 * this picks one representative case of each kind instead. Neighbours are searched within each group, not
 * the whole pool, which keeps it at O(pool x b x dim) per k-means pass. `rng` seeds the k-means++ start.
 */
export function typicalClusters(embeddings: Embeddings, b: number, rng: Rng): Int32Array {
  assertEmbeddings(embeddings);
  assertCount('b', b, 0);
  const { count } = embeddings;
  const k = Math.min(b, count);
  if (k === 0) return new Int32Array(0);
  const assignment = kMeans(embeddings, k, rng);
  const groups = Array.from({ length: k }, () => [] as number[]);
  assignment.forEach((g, i) => groups[g]!.push(i));
  const bySize = groups
    .filter((members) => members.length > 0)
    .sort((a, b2) => b2.length - a.length || a[0]! - b2[0]!);
  // Clusters of a few points are outliers that k-means split off (TypiClust skips them too).
  const small = bySize.filter((members) => members.length < MIN_CLUSTER);
  const large = bySize.filter((members) => members.length >= MIN_CLUSTER);
  // One per cluster, largest first, then the next most typical of each, until b are chosen; the small
  // clusters only when the large ones are used up.
  const picked: number[] = [];
  for (const clusters of [large, small]) {
    const ranked = clusters.map((members) => byTypicality(embeddings, members));
    for (let round = 0; picked.length < k && ranked.some((members) => round < members.length); round++) {
      for (const members of ranked)
        if (round < members.length && picked.length < k) picked.push(members[round]!);
    }
  }
  return Int32Array.from(picked);
}

/** Lloyd's k-means from a k-means++ start; returns each candidate's cluster. */
function kMeans({ data, count, dim }: Embeddings, k: number, rng: Rng): Int32Array {
  const centres = new Float64Array(k * dim);
  const setCentre = (c: number, i: number) => {
    for (let d = 0; d < dim; d++) centres[c * dim + d] = data[i * dim + d]!;
  };
  const toCentre = (i: number, c: number) => {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += (data[i * dim + d]! - centres[c * dim + d]!) ** 2;
    return sum;
  };
  // k-means++: each next centre drawn with probability proportional to the squared distance to the nearest.
  setCentre(0, Math.floor(rng.next() * count));
  const nearest = Float64Array.from({ length: count }, (_, i) => toCentre(i, 0));
  for (let c = 1; c < k; c++) {
    const total = nearest.reduce((a, v) => a + v, 0);
    let target = rng.next() * total;
    let pick = count - 1;
    for (let i = 0; i < count; i++) {
      target -= nearest[i]!;
      if (target <= 0 && nearest[i]! > 0) {
        pick = i;
        break;
      }
    }
    setCentre(c, pick);
    for (let i = 0; i < count; i++) nearest[i] = Math.min(nearest[i]!, toCentre(i, c));
  }
  const assignment = new Int32Array(count).fill(-1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = false;
    for (let i = 0; i < count; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const distance = toCentre(i, c);
        if (distance < bestDistance) [best, bestDistance] = [c, distance];
      }
      if (assignment[i] !== best) [assignment[i], changed] = [best, true];
    }
    if (!changed) break;
    const sizes = new Float64Array(k);
    centres.fill(0);
    for (let i = 0; i < count; i++) {
      const c = assignment[i]!;
      sizes[c]!++;
      for (let d = 0; d < dim; d++) centres[c * dim + d]! += data[i * dim + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue; // an emptied cluster keeps its zeros and stays empty
      for (let d = 0; d < dim; d++) centres[c * dim + d]! /= sizes[c]!;
    }
  }
  return assignment;
}

/** Candidates per cluster that typicality is measured on: it costs their square. */
const MAX_MEMBERS = 1000;

/**
 * `all` ordered from the most typical (smallest mean distance to its nearest neighbours in the cluster) to
 * the least, over an even sample of at most MAX_MEMBERS of them in a large cluster, so a pool of 100,000
 * costs no more than one of 16,000.
 */
function byTypicality({ data, dim }: Embeddings, all: readonly number[]): number[] {
  const stride = Math.ceil(all.length / MAX_MEMBERS);
  const members = stride > 1 ? all.filter((_, k) => k % stride === 0) : all;
  if (members.length === 1) return [...members];
  const neighbours = Math.min(NEIGHBOURS, members.length - 1);
  const spread = new Map<number, number>();
  for (const i of members) {
    const distances = members
      .filter((j) => j !== i)
      .map((j) => {
        let sum = 0;
        for (let d = 0; d < dim; d++) sum += (data[i * dim + d]! - data[j * dim + d]!) ** 2;
        return Math.sqrt(sum);
      })
      .sort((a, b) => a - b);
    let total = 0;
    for (let n = 0; n < neighbours; n++) total += distances[n]!;
    spread.set(i, total);
  }
  return [...members].sort((a, b) => spread.get(a)! - spread.get(b)! || a - b);
}
