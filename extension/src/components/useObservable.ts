import { useCallback, useSyncExternalStore } from 'react';
import type { Observable } from '../services/types.js';

/** The observable's current value; the component re-renders whenever the observable notifies. */
export function useObservable<T>(observable: Observable<T>): T {
  const subscribe = useCallback(
    (onChange: () => void) => observable.subscribe(() => onChange()),
    [observable],
  );
  const get = useCallback(() => observable.get(), [observable]);
  // The same snapshot on the server, so the panel can be rendered to a string (tests, no DOM).
  return useSyncExternalStore(subscribe, get, get);
}
