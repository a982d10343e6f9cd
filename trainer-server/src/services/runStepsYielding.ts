import { setImmediate as turn } from 'node:timers/promises';
import type { Steps } from '@aift/selection-core';

/** Work between two turns of the event loop: a request waits at most about this long. */
const SLICE_MS = 20;

/**
 * Runs a selection-core computation that is written in steps (the cold start's robust k-center takes many
 * seconds on a large pool) on the server's one thread, giving the event loop a turn every ~20 ms so that
 * labels, worklists and health checks are answered meanwhile. Stops at a turn once `signal` is aborted.
 */
export async function runStepsYielding<T>(steps: Steps<T>, signal?: AbortSignal): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await turn();
      signal?.throwIfAborted();
      sliceStarted = performance.now();
    }
  }
}
