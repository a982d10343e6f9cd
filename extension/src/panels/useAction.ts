import { useCallback, useEffect, useState } from 'react';

export interface Action {
  /** True while a call started here has not settled: buttons that would act twice are disabled. */
  readonly busy: boolean;
  /** The last call's failure message, until the next call or until `about` changes. */
  readonly error: string | null;
  readonly run: (call: () => Promise<void>) => void;
}

/**
 * Runs the services' async calls from event handlers, so a failure shows in the panel instead of vanishing.
 * `about` names what the failure concerns (the image on screen): when it changes, the failure is no longer
 * true of what the reader sees, and it goes.
 */
export function useAction(about: string): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [about]);
  const run = useCallback((call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    call().then(
      () => setBusy(false),
      (reason: unknown) => {
        setBusy(false);
        setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
  }, []);
  return { busy, error, run };
}
