/** Candidate indices sorted by score, highest first; equal scores keep index order, so ranks are stable. */
export function rankDescending(scores: Float64Array): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}
