/**
 * Delays between retries: `initialMs`, doubled after each failure up to `maxMs`, back to `initialMs` on
 * `reset()`. The event stream's reconnects and the label queue's resends share it.
 */
export interface Backoff {
  /** The delay to wait before the next attempt; the one after it is twice as long (at most `maxMs`). */
  next(): number;
  /** After a success: the next failure waits `initialMs` again. */
  reset(): void;
}

export function exponentialBackoff(initialMs: number, maxMs: number): Backoff {
  let delay = initialMs;
  return {
    next() {
      const wait = delay;
      delay = Math.min(maxMs, delay * 2);
      return wait;
    },
    reset() {
      delay = initialMs;
    },
  };
}
