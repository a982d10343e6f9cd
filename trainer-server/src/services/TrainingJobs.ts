import type { Actor, Store, TrainingJob } from '../store/ports.js';
import type { TrainingStep } from '@aift/contract';
import type { EventBus } from './EventBus.js';
import { TRAINER } from './trainerActor.js';

export interface TrainingRun {
  readonly job: TrainingJob;
  /** Settles with the finished job (succeeded, failed or cancelled); never rejects. */
  readonly done: Promise<TrainingJob>;
}

/** What a job body gets: its id, its abort signal, and a way to report progress between steps. */
export interface JobContext {
  readonly jobId: number;
  readonly signal: AbortSignal;
  /** Checks for cancellation, then records progress in the store and emits `training.progress`. */
  report(progress: number, step: TrainingStep, message: string): void;
  /** The point of no return (a model was published): from here on the job can no longer be cancelled. */
  commit(): void;
}

interface RunningJob {
  readonly jobId: number;
  readonly controller: AbortController;
  /** Past its publish: it can no longer be cancelled. */
  committed: boolean;
  /** Set right after the job starts; settles once it is stored as finished. */
  done?: Promise<TrainingJob>;
}

/** The store's limit on a job's error text. */
const MAX_ERROR = 4000;

/**
 * Training jobs as resources (MONAI Label's shape): start, progress, cancel, finish. The store refuses a
 * second running job of the project (ConflictError), in this process or another. A body that throws ends
 * its job failed with the error, or cancelled when its signal was aborted.
 */
export class TrainingJobs {
  readonly #store: Pick<Store, 'jobs'>;
  readonly #bus: EventBus;
  readonly #project: string;
  #running: RunningJob | undefined;

  constructor(options: {
    readonly store: Pick<Store, 'jobs'>;
    readonly bus: EventBus;
    readonly project: string;
  }) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#project = options.project;
  }

  /** Whether a job of the project runs, here or in another process sharing the store. */
  get busy(): boolean {
    return this.#running !== undefined || this.#store.jobs.running(this.#project) !== undefined;
  }

  run(
    by: Actor,
    external: AbortSignal | undefined,
    body: (context: JobContext) => Promise<void>,
    onFailure: () => void = () => {},
  ): TrainingRun {
    const jobs = this.#store.jobs;
    const job = jobs.start(this.#project, by);
    const controller = new AbortController();
    const running: RunningJob = { jobId: job.id, controller, committed: false };
    this.#running = running;
    const signal = external ? AbortSignal.any([controller.signal, external]) : controller.signal;
    const report = (progress: number, step: TrainingStep, message: string): void => {
      if (!running.committed) signal.throwIfAborted();
      this.#bus.emit('training.progress', { job: jobs.progress(job.id, progress, message), step });
    };
    const commit = () => void (running.committed = true);
    const done = body({ jobId: job.id, signal, report, commit }).then(
      () => jobs.finish(job.id, { status: 'succeeded' }, TRAINER),
      (error: unknown) => {
        onFailure();
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const message = text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
        const cancelled = signal.aborted && !running.committed;
        return jobs.finish(job.id, { status: cancelled ? 'cancelled' : 'failed', error: message }, TRAINER);
      },
    );
    // The end of every job is announced too, so viewers need not poll for a failure or a cancellation.
    const announced = done.then((finished) => {
      this.#bus.emit('training.progress', { job: finished, step: 'finished' });
      return finished;
    });
    running.done = announced.finally(() => (this.#running = undefined));
    return { job, done: running.done };
  }

  /**
   * For a shutdown: cancels the running job (one past its publish runs to its end) and waits until it is
   * stored as finished, so nothing writes to the store after it closes.
   */
  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    if (!running.committed) running.controller.abort(new Error('the server is stopping'));
    await running.done;
  }

  /** Asks the running job to stop at its next step; false when `jobId` is not running here or committed. */
  cancel(jobId: number): boolean {
    if (this.#running?.jobId !== jobId || this.#running.committed) return false;
    this.#running.controller.abort(new Error(`training job ${jobId} was cancelled`));
    return true;
  }
}
