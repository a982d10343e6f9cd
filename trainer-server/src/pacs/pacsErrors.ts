/** A DICOMweb request failed. `url` is the request URL without user name or password. */
export class PacsError extends Error {
  override readonly name: string = 'PacsError';
  readonly url: string;

  constructor(url: string, problem: string, options?: ErrorOptions) {
    super(`${problem}: ${url}`, options);
    this.url = url;
  }
}

/** No HTTP response at all: connection refused, host unknown, network down. */
export class PacsUnreachableError extends PacsError {
  override readonly name = 'PacsUnreachableError';

  constructor(url: string) {
    super(url, 'PACS unreachable (no HTTP response)');
  }
}

/** The whole request took longer than the configured timeout and was aborted. */
export class PacsTimeoutError extends PacsError {
  override readonly name = 'PacsTimeoutError';
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(url, `PACS did not answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The PACS answered with an error status: 4xx, 5xx (or a 3xx that xhr2 did not follow). */
export class PacsHttpError extends PacsError {
  override readonly name = 'PacsHttpError';
  readonly status: number;

  constructor(url: string, status: number, statusText: string) {
    super(url, `PACS answered HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
    this.status = status;
  }
}

/** A 2xx response that cannot be used: cut off, a multipart body with no complete part, not DICOM JSON. */
export class PacsResponseError extends PacsError {
  override readonly name = 'PacsResponseError';

  constructor(url: string, problem: string, options?: ErrorOptions) {
    super(url, `unusable PACS response (${problem})`, options);
  }
}
