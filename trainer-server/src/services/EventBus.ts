import type { TrainingJob } from '../store/ports.js';

/** What the services announce; GET /api/events (api/eventsRouter.ts) forwards each event as it is. */
export interface ServiceEvents {
  readonly 'training.progress': {
    readonly job: TrainingJob;
    readonly step: TrainingStep;
  };
  readonly 'model.published': {
    readonly version: string;
    readonly parent: string | null;
    readonly sha256: string;
    readonly jobId: number;
  };
  readonly 'worklist.changed': {
    readonly modelVersion: string;
    readonly scored: number;
  };
}

export type ServiceEventName = keyof ServiceEvents;

/** Cold-start jobs skip 'labels' and 'fine-tune'. */
/** `finished` comes last, once the job is stored as succeeded, failed or cancelled (its `job.status`). */
export type TrainingStep =
  'labels' | 'embeddings' | 'fine-tune' | 'publish' | 'scoring' | 'done' | 'finished';

export type Listener<E extends ServiceEventName> = (payload: ServiceEvents[E]) => void;

/**
 * Typed publish/subscribe between services and their observers (OHIF's PubSubService shape: `subscribe`
 * returns `{ unsubscribe }`). Listeners run synchronously in the order they subscribed; a listener that
 * throws fails the step that emitted, so forwarders must catch their own I/O errors.
 */
export class EventBus {
  readonly #listeners = new Map<ServiceEventName, Set<Listener<never>>>();

  subscribe<E extends ServiceEventName>(event: E, listener: Listener<E>): { unsubscribe(): void } {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    const entry = listener as Listener<never>;
    set.add(entry);
    return { unsubscribe: () => void set.delete(entry) };
  }

  emit<E extends ServiceEventName>(event: E, payload: ServiceEvents[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as Listener<E>)(payload);
  }
}
