import { useCallback, useState } from 'react';

export interface Action {
  /** True while a call started here has not settled: buttons that would act twice are disabled. */
  readonly busy: boolean;
  /** The last call's failure message, until the next call. */
  readonly error: string | null;
  readonly run: (call: () => Promise<void>) => void;
}

/** Runs the services' async calls from event handlers, so a failure shows in the panel instead of vanishing. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
