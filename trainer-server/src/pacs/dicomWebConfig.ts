/** How to authenticate to the PACS: an OAuth bearer token or HTTP basic credentials. */
export type DicomWebAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface DicomWebConfig {
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web (Orthanc) or .../dcm4chee-arc/aets/DCM4CHEE/rs. */
  readonly url: string;
  /** QIDO-RS root when it differs from `url`. */
  readonly qidoUrl?: string;
  /** WADO-RS root when it differs from `url`. */
  readonly wadoUrl?: string;
  readonly auth?: DicomWebAuth;
  /** Whole-request limit in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /**
   * transfer-syntax asked of WADO-RS when retrieving an instance. Absent: none is named and the PACS
   * sends its default, Explicit VR Little Endian (Orthanc decompresses to it); '*': as stored, so a
   * compressed instance is read through the rendered fallback.
   */
  readonly retrieveTransferSyntax?: string;
  /** QIDO-RS page size (limit/offset sent to the PACS) per level (default 100). */
  readonly qidoPageSize?: number;
}

export interface ResolvedDicomWebConfig {
  readonly qidoUrl: string;
  readonly wadoUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly qidoPageSize: number;
  readonly retrieveTransferSyntax: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_QIDO_PAGE_SIZE = 100;

/** Checks the configuration once; throws a TypeError or RangeError naming the bad field. */
export function resolveDicomWebConfig(config: DicomWebConfig): ResolvedDicomWebConfig {
  return {
    qidoUrl: rootUrl('qidoUrl', config.qidoUrl ?? config.url),
    wadoUrl: rootUrl('wadoUrl', config.wadoUrl ?? config.url),
    headers: config.auth === undefined ? {} : { Authorization: authorization(config.auth) },
    timeoutMs: positiveInteger('timeoutMs', config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    qidoPageSize: positiveInteger('qidoPageSize', config.qidoPageSize ?? DEFAULT_QIDO_PAGE_SIZE),
    retrieveTransferSyntax: transferSyntax(config.retrieveTransferSyntax),
  };
}

/** The URL as it may appear in messages and logs: user name and password removed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return '<unparsable URL>';
  }
}

function rootUrl(field: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new TypeError(`DICOMweb ${field} is not a URL: ${JSON.stringify(redactUrl(value))}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`DICOMweb ${field} must be http or https, got ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError(`DICOMweb ${field} must not carry credentials: put them in auth`);
  }
  return parsed.href.replace(/\/+$/, '');
}

function transferSyntax(value: string | undefined): string | undefined {
  if (value !== undefined && value !== '*' && !/^[0-9]+(\.[0-9]+)*$/.test(value)) {
    throw new TypeError(`DICOMweb retrieveTransferSyntax must be a UID or '*', got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The Authorization header value for the PACS (also sent by the viewer gateway's DICOMweb proxy). */
export function authorization(auth: DicomWebAuth): string {
  if (auth.kind === 'bearer') {
    if (auth.token === '') throw new TypeError('DICOMweb auth.token is empty');
    return `Bearer ${auth.token}`;
  }
  if (auth.username.includes(':')) throw new TypeError('DICOMweb auth.username must not contain ":"');
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`DICOMweb ${field} must be a positive integer, got ${value}`);
  }
  return value;
}
