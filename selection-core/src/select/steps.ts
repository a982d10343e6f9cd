/**
 * A long computation written as a generator that yields between slices of work (a k-center pick, a few
 * candidates' distances): a server gives its event loop a turn between slices, while the browser, the
 * harness and the tests run it straight through with `runSteps`. Both get the very same result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end without pausing and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
