// The cold start's robust k-center runs in slices on the server's one thread: the event loop gets turns
// meanwhile, the answer is the one computed at once, and an aborted job stops at the next turn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, robustKCenter, robustKCenterSteps } from '@aift/selection-core';
import type { Steps } from '@aift/selection-core';
import { runStepsYielding } from '../../../trainer-server/src/services/runStepsYielding.js';

/** Ten steps of about 5 ms of busy work each, counting the steps done. */
function* busySteps(done: { steps: number }): Steps<string> {
  for (let i = 0; i < 10; i++) {
    const until = performance.now() + 5;
    while (performance.now() < until);
    done.steps++;
    yield;
  }
  return 'finished';
}

describe('runStepsYielding', () => {
  it('returns what running the steps at once returns', async () => {
    const rng = createRng(4);
    const data = Float64Array.from({ length: 300 * 8 }, () => rng.next());
    const embeddings = { data, count: 300, dim: 8 };
    const sliced = await runStepsYielding(robustKCenterSteps(embeddings, 12));
    assert.deepEqual([...sliced], [...robustKCenter(embeddings, 12)]);
  });

  it('lets the event loop run between slices of work', async () => {
    const done = { steps: 0 };
    let stepsWhenOthersRan: number | undefined;
    setImmediate(() => (stepsWhenOthersRan = done.steps));
    assert.equal(await runStepsYielding(busySteps(done)), 'finished');
    assert.ok(
      stepsWhenOthersRan !== undefined && stepsWhenOthersRan < 10,
      `a callback waiting on the event loop ran only after all ${done.steps} steps`,
    );
  });

  it('stops at the next turn once its signal is aborted', async () => {
    const done = { steps: 0 };
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runStepsYielding(busySteps(done), controller.signal), { name: 'AbortError' });
    assert.ok(done.steps < 10, 'ran to the end despite the abort');
  });
});
