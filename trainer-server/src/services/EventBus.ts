import type { TrainerEvents, TrainingStep } from '@aift/contract';
import type { TrainingJob } from '../store/ports.js';

/**
 * What the services announce: the contract's events (@aift/contract events.ts names them all), except that
 * a progress event carries the stored job; GET /api/events (api/eventsRouter.ts) turns it into the job's
 * wire shape and forwards the others as they are.
 */
export interface ServiceEvents extends Omit<TrainerEvents, 'training.progress'> {
  readonly 'training.progress': {
    readonly job: TrainingJob;
    readonly step: TrainingStep;
  };
}

export type ServiceEventName = keyof ServiceEvents;

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
