// Sends instances to the PACS a few per STOW-RS request. A request the PACS refuses as a whole is sent
// again one instance per request, so that each refusal is put on the file it belongs to.
import { PacsHttpError, PacsResponseError } from '../../pacs/pacsErrors.js';
import type { StowClient } from './stowClient.js';

/** One Part-10 instance to send; `source` names it in messages (a path, a manifest line). */
export interface OutgoingInstance {
  readonly source: string;
  readonly sopInstanceUid: string;
  readonly part10: Uint8Array;
}

export interface SendOptions {
  /** Most instances per request. */
  readonly batchSize: number;
  /** Most bytes per request (a single larger instance still goes, alone). */
  readonly batchBytes?: number;
  /** Called once per instance, in order of the PACS's answers. */
  readonly onStored: (instance: OutgoingInstance) => void;
  readonly onFailed: (instance: OutgoingInstance, reason: string) => void;
}

const DEFAULT_BATCH_BYTES = 32 * 2 ** 20;

/**
 * Sends every instance `instances` yields. Resolves when all are answered for; rejects with the PacsError
 * when the PACS cannot take any request at all (unreachable, timed out, 401, 403, 404, 405): going on would
 * only fail every file the same way.
 */
export async function sendInstances(
  stow: StowClient,
  instances: AsyncIterable<OutgoingInstance>,
  options: SendOptions,
): Promise<void> {
  const limit = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  let batch: OutgoingInstance[] = [];
  let bytes = 0;
  for await (const instance of instances) {
    if (batch.length > 0 && bytes + instance.part10.length > limit) {
      await sendBatch(stow, batch, options);
      batch = [];
      bytes = 0;
    }
    batch.push(instance);
    bytes += instance.part10.length;
    if (batch.length >= options.batchSize) {
      await sendBatch(stow, batch, options);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) await sendBatch(stow, batch, options);
}

async function sendBatch(
  stow: StowClient,
  batch: readonly OutgoingInstance[],
  options: SendOptions,
): Promise<void> {
  let reply;
  try {
    reply = await stow.store(batch.map((instance) => instance.part10));
  } catch (error) {
    if (!refusedAsWhole(error)) throw error;
    if (batch.length === 1) {
      options.onFailed(batch[0]!, `refused by the PACS: ${(error as Error).message}`);
      return;
    }
    for (const instance of batch) await sendBatch(stow, [instance], options);
    return;
  }
  for (const instance of batch) {
    const failure = reply.failed.get(instance.sopInstanceUid);
    if (failure !== undefined) options.onFailed(instance, failure);
    else if (reply.stored.has(instance.sopInstanceUid)) options.onStored(instance);
    else options.onFailed(instance, `the PACS's STOW-RS answer does not list ${instance.sopInstanceUid}`);
  }
}

/** A refusal of this request's content (400, 409, 413, 5xx, an odd answer), not of every request. */
function refusedAsWhole(error: unknown): boolean {
  if (error instanceof PacsResponseError) return true;
  return error instanceof PacsHttpError && ![401, 403, 404, 405].includes(error.status);
}
