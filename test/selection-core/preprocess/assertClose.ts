import assert from 'node:assert/strict';

/** Float32 results against hand-computed doubles: equal to float32 precision. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length, `length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tolerance, `value ${i}: ${a}, expected ${e}`);
  }
}
