// What is wrong right now, for the panel: each problem is kept under the name of what failed and goes as
// soon as that thing works again (the next score, the next refresh), so no message outlives its condition
// and none floats over the viewer.
import { createObservable } from './observable.js';
import type { Observable, Problem } from './types.js';

export class Problems {
  readonly #state = createObservable<readonly Problem[]>([]);
  readonly state: Observable<readonly Problem[]> = this.#state;

  /** Records that `title` failed (replacing its earlier failure). */
  report(title: string): (error: unknown) => void {
    return (error) => {
      const message = error instanceof Error ? error.message : String(error);
      this.#state.set([...this.#state.get().filter((p) => p.title !== title), { title, message }]);
    };
  }

  /** `title` works again: its problem goes. */
  clear(title: string): void {
    const now = this.#state.get();
    if (now.some((p) => p.title === title)) this.#state.set(now.filter((p) => p.title !== title));
  }

  /** Runs `work` in the background: a failure is reported under `title`, a success clears it. */
  track(title: string, work: () => Promise<unknown>): void {
    void work().then(() => this.clear(title), this.report(title));
  }
}
