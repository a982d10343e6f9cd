// Progress of a long import: an in-place counter on a terminal, a plain line every few seconds otherwise
// (a log file or CI output gets no carriage returns).

const LINE_INTERVAL_MS = 5_000;
const TTY_INTERVAL_MS = 100;

export interface Progress {
  /** `done` of `total` handled so far; cheap to call for every item. */
  update(done: number, total: number): void;
  /** Ends the counter line (a terminal) so that what follows starts on a line of its own. */
  finish(): void;
}

export function createProgress(
  what: string,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  const tty = stream.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const interval = tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS;
      if (done !== total && now() - last < interval) return;
      last = now();
      const text = `${what}: ${done}/${total}`;
      if (tty) {
        stream.write(`\r${text}\x1b[K`);
        shown = true;
      } else if (done !== total) {
        stream.write(`${text}\n`);
      }
    },
    finish() {
      if (tty && shown) stream.write('\n');
      shown = false;
    },
  };
}
