// STOW-RS through dicomweb-client, the way pacs/ reads the PACS: same client, same request wrapper, same
// errors (PacsError subclasses naming the URL without credentials).
import { resolveDicomWebConfig } from '../../pacs/dicomWebConfig.js';
import type { DicomWebConfig, ResolvedDicomWebConfig } from '../../pacs/dicomWebConfig.js';
import { numberValue, stringValue } from '../../pacs/dicomJson.js';
import type { DicomJsonDataset } from '../../pacs/dicomJson.js';
import { createDicomWebClient, sendDicomWebRequest } from '../../pacs/dicomWebRequest.js';
import type { DicomWebClientApi } from '../../pacs/dicomWebRequest.js';
import { PacsResponseError } from '../../pacs/pacsErrors.js';

const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_SEQUENCE = '00081199';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';
/** A whole STOW-RS request; larger than the trainer's 30 s because a batch may carry megabytes. */
const STORE_TIMEOUT_MS = 120_000;

/** What the PACS said of each instance of one request, by SOPInstanceUID. */
export interface StowReply {
  /** Stored now or already held (STOW-RS does not tell the two apart). */
  readonly stored: ReadonlySet<string>;
  /** Refused, with the PACS's FailureReason. */
  readonly failed: ReadonlyMap<string, string>;
}

export class StowClient {
  private readonly config: ResolvedDicomWebConfig;
  private readonly client: DicomWebClientApi;
  /** STOW-RS endpoint, for messages. */
  readonly url: string;

  constructor(config: DicomWebConfig) {
    this.config = resolveDicomWebConfig(config);
    this.url = `${config.url.replace(/\/+$/, '')}/studies`;
    this.client = createDicomWebClient(config.url, this.config);
  }

  /** POSTs the Part-10 files in one multipart/related request. Rejects with a PacsError. */
  async store(files: readonly Uint8Array[]): Promise<StowReply> {
    const datasets = files.map((file) => file.slice().buffer);
    const { body, url } = await sendDicomWebRequest(
      (request) => this.client.storeInstances({ datasets, request }),
      Math.max(this.config.timeoutMs, STORE_TIMEOUT_MS),
    );
    return stowReply(body, url);
  }
}

/** The STOW-RS response (PS3.18 10.5.3): a DICOM JSON data set, as text (xhr2 gives no parsed body). */
function stowReply(body: unknown, url: string): StowReply {
  let dataset: unknown;
  try {
    dataset = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    throw new PacsResponseError(url, 'a STOW-RS answer must be a DICOM JSON data set');
  }
  // Some servers wrap the one data set in an array.
  if (Array.isArray(dataset) && dataset.length === 1) dataset = dataset[0];
  if (typeof dataset !== 'object' || dataset === null || Array.isArray(dataset)) {
    throw new PacsResponseError(url, 'a STOW-RS answer must be a DICOM JSON data set');
  }
  const items = (tag: string): DicomJsonDataset[] => {
    const value = (dataset as DicomJsonDataset)[tag]?.Value ?? [];
    return value.filter((item): item is DicomJsonDataset => typeof item === 'object' && item !== null);
  };
  const stored = new Set<string>();
  for (const item of items(REFERENCED_SOP_SEQUENCE)) {
    const uid = stringValue(item, REFERENCED_SOP_INSTANCE_UID);
    if (uid !== undefined) stored.add(uid);
  }
  const failed = new Map<string, string>();
  for (const item of items(FAILED_SOP_SEQUENCE)) {
    const uid = stringValue(item, REFERENCED_SOP_INSTANCE_UID);
    const reason = numberValue(item, FAILURE_REASON);
    if (uid !== undefined) failed.set(uid, failureText(reason));
  }
  return { stored, failed };
}

/** PS3.4 Table GG.4-1 / B.2-1 failure codes a STOW-RS answer carries, in words. */
function failureText(code: number | undefined): string {
  if (code === undefined) return 'refused by the PACS (no reason given)';
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const meaning =
    code === 0x0110
      ? 'processing failure'
      : code === 0x0122
        ? 'SOP class not supported'
        : code === 0x0124
          ? 'not authorized'
          : code === 0xa700
            ? 'out of resources'
            : code >= 0xa900 && code <= 0xa9ff
              ? 'data set does not match SOP class'
              : code >= 0xc000 && code <= 0xcfff
                ? 'cannot understand'
                : 'refused';
  return `refused by the PACS: ${meaning} (FailureReason ${hex}H)`;
}
