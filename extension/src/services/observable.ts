import type { Observable } from './types.js';

/** An Observable its owner can set; components only see the read side. */
export interface WritableObservable<T> extends Observable<T> {
  set(value: T): void;
}

/** A value with listeners; `set` notifies them synchronously unless the value is the same (Object.is). */
export function createObservable<T>(initial: T): WritableObservable<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
  };
}
