import dicomWebClient from 'dicomweb-client';
import XMLHttpRequest from 'xhr2';
import { redactUrl } from './dicomWebConfig.js';
import type { ResolvedDicomWebConfig } from './dicomWebConfig.js';
import {
  PacsError,
  PacsHttpError,
  PacsResponseError,
  PacsTimeoutError,
  PacsUnreachableError,
} from './pacsErrors.js';

/** Per-call request options of dicomweb-client: the XMLHttpRequest to use. */
export interface RequestOptions {
  readonly instance: XMLHttpRequest;
}

type QueryParams = Readonly<Record<string, string | number>>;
interface InstanceUids {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
}

/**
 * The part of dicomweb-client's DICOMwebClient used here, typed as it behaves: its shipped declarations
 * say the searches return arrays synchronously and leave out the per-call `request` option.
 */
export interface DicomWebClientApi {
  searchForStudies(o: { queryParams: QueryParams; request: RequestOptions }): Promise<unknown>;
  searchForSeries(o: {
    studyInstanceUID: string;
    queryParams: QueryParams;
    request: RequestOptions;
  }): Promise<unknown>;
  searchForInstances(o: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    queryParams: QueryParams;
    request: RequestOptions;
  }): Promise<unknown>;
  /** The first part of the multipart/related; type="application/dicom" answer. */
  retrieveInstance(o: InstanceUids & { request: RequestOptions }): Promise<unknown>;
  /** The rendered frames, as an array of ArrayBuffers. */
  retrieveInstanceFramesRendered(
    o: InstanceUids & { frameNumbers: string; mediaTypes: { mediaType: string }[]; request: RequestOptions },
  ): Promise<unknown>;
  /** STOW-RS of whole Part-10 files (the import command). */
  storeInstances(o: { datasets: ArrayBuffer[]; request: RequestOptions }): Promise<unknown>;
}

/** One client per DICOMweb root; verbose off because it would print whole requests and responses. */
export function createDicomWebClient(url: string, config: ResolvedDicomWebConfig): DicomWebClientApi {
  const client: unknown = new dicomWebClient.api.DICOMwebClient({
    url,
    headers: { ...config.headers },
    verbose: false,
    singlepart: false,
  });
  return client as DicomWebClientApi;
}

/**
 * dicomweb-client needs an XMLHttpRequest; Node has none, so each call gets its own xhr2 instance (no
 * global is installed). This one remembers the URL and whether the connection broke, keeps an exception
 * thrown by the client's readystatechange handler (its multipart parser throws there) from escaping as an
 * uncaught exception, and can replace the Accept header the client sets.
 */
class TrackedXhr extends XMLHttpRequest {
  requestUrl = '';
  acceptOverride: string | undefined;
  connectionBroke = false;
  handlerFailed: (error: unknown) => void = () => undefined;

  override open(method: string, url: string, async?: boolean): void {
    this.requestUrl = url;
    super.open(method, url, async);
  }

  override setRequestHeader(name: string, value: string): void {
    const accept = name.toLowerCase() === 'accept' ? this.acceptOverride : undefined;
    super.setRequestHeader(name, accept ?? value);
  }

  override dispatchEvent(event: { readonly type: string }): void {
    if (event.type === 'error') this.connectionBroke = true;
    try {
      super.dispatchEvent(event);
    } catch (error) {
      this.handlerFailed(error);
    }
  }
}

export interface PacsReply {
  readonly body: unknown;
  /** The request URL without credentials, for messages about the body. */
  readonly url: string;
}

/**
 * Runs one dicomweb-client call with a whole-request timeout and turns every failure of the request into
 * a PacsError subclass that names the URL without credentials. `accept` replaces the client's Accept
 * header: dicomweb-client 0.11.3's retrieveInstance throws for every `mediaTypes` it is given (it compares
 * 'application/' with 'application/dicom'), so a transfer-syntax cannot be asked through it.
 */
export async function sendDicomWebRequest(
  call: (request: RequestOptions) => Promise<unknown>,
  timeoutMs: number,
  accept?: string,
): Promise<PacsReply> {
  const xhr = new TrackedXhr();
  xhr.acceptOverride = accept;
  let timer: NodeJS.Timeout | undefined;
  const url = (): string => redactUrl(xhr.requestUrl);
  const failed = new Promise<never>((_, reject) => {
    xhr.handlerFailed = (error) => reject(responseError(xhr, url(), error));
    timer = setTimeout(() => {
      reject(new PacsTimeoutError(url(), timeoutMs));
      xhr.abort();
    }, timeoutMs);
  });
  // Handlers may still fire after the race is settled; a late rejection must not go unhandled.
  failed.catch(() => undefined);
  try {
    const body = await Promise.race([call({ instance: xhr }), failed]);
    if (xhr.connectionBroke) throw responseError(xhr, url(), new Error('connection closed'));
    return { body, url: url() };
  } catch (error) {
    // Nothing was sent: the client refused its arguments, a bug here rather than a PACS failure.
    if (xhr.requestUrl === '' || error instanceof PacsError) throw error;
    throw failure(xhr, url(), error);
  } finally {
    clearTimeout(timer);
  }
}

function failure(xhr: TrackedXhr, url: string, error: unknown): PacsError {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 300) return new PacsHttpError(url, status, xhr.statusText);
  if (status === 0 && xhr.status === 0) return new PacsUnreachableError(url);
  return responseError(xhr, url, error);
}

/**
 * Only the message is kept: dicomweb-client's errors carry the request and the response body, which may
 * hold patient data, and an error's cause is what loggers print in full.
 */
function responseError(xhr: TrackedXhr, url: string, error: unknown): PacsResponseError {
  const problem = xhr.connectionBroke
    ? 'the connection closed before the end of the body'
    : error instanceof Error
      ? error.message
      : String(error);
  return new PacsResponseError(url, problem);
}
