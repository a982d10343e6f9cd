import { setTimeout as sleep } from 'node:timers/promises';
import { PacsUnreachableError } from './pacsErrors.js';

/** Waits before the 2nd and 3rd tries: long enough for a PACS to accept again, short against a job. */
export const UNREACHABLE_RETRY_DELAYS_MS: readonly number[] = [250, 1000];

/**
 * Runs a read-only PACS request again when it got no HTTP response at all (connection refused or reset
 * before a status line). Under load a keep-alive connection that the PACS closed as it was reused fails
 * this way, once, and one such failure used to fail a whole cold start of hundreds of frames. Any answer
 * (a 5xx included), a timeout or a broken body is final: retrying would hide a PACS that is really sick.
 */
export async function retryUnreachable<T>(
  request: () => Promise<T>,
  delaysMs: readonly number[] = UNREACHABLE_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (!(error instanceof PacsUnreachableError) || delay === undefined) throw error;
      await sleep(delay);
    }
  }
}
