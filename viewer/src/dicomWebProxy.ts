// The PACS's DICOMweb behind /dicom-web. Bodies stream through untouched both ways (multipart WADO-RS
// responses, STOW-RS uploads): nothing before this proxy reads or parses a body. Only a QIDO-RS query may
// change its spelling (repeatIncludeFields).
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { repeatIncludeFields } from './includeFields.js';

export interface DicomWebTarget {
  /** The PACS's DICOMweb root URL, e.g. http://pacs.example:8042/dicom-web */
  readonly target: string;
  /** Sent upstream with every request, e.g. the PACS's own Authorization. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Mounted at DICOMWEB_PATH: the mount strips it, and the rest of the path is appended to `target`. */
export function dicomWebProxy({ target, headers }: DicomWebTarget): RequestHandler {
  return createProxyMiddleware({
    target,
    changeOrigin: true,
    headers: { ...headers },
    pathRewrite: (path) => repeatIncludeFields(path),
  }) as RequestHandler;
}
