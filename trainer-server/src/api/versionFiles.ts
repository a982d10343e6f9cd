// Serving a published version's files over HTTP. Versions are immutable, so each file's sha256 is its strong
// ETag and clients may cache it forever. Reading and checking the files is ModelService's.
import type { Request, Response } from 'express';
import { HttpError } from '../http/index.js';
import { ModelIntegrityError } from '../registry/modelIntegrity.js';
import type { VersionFile } from '../services/index.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Sends the bytes only once they passed the integrity check: a corrupt or truncated file is refused (500
 * naming the integrity problem) instead of being served under the ETag of the real model.
 */
export async function sendModelFile(req: Request, res: Response, file: VersionFile): Promise<void> {
  const type = 'application/octet-stream';
  // A client that names this sha256 already holds the published bytes: no need to read them.
  if (answeredFromCache(req, res, file.sha256, type)) return;
  let bytes: Buffer;
  try {
    bytes = await file.bytes();
  } catch (error) {
    if (!(error instanceof ModelIntegrityError)) throw error;
    throw new HttpError(500, `${error.message}; it is not served`, {}, { cause: error });
  }
  setCachingHeaders(res, file.sha256, type);
  res.send(bytes);
}

export function sendModelCard(
  req: Request,
  res: Response,
  card: { readonly sha256: string; readonly bytes: Buffer },
): void {
  if (answeredFromCache(req, res, card.sha256, 'application/json')) return;
  setCachingHeaders(res, card.sha256, 'application/json');
  res.send(card.bytes);
}

/**
 * Answers 304 (with the caching headers) when If-None-Match names this content (RFC 9110 13.1.2, weak
 * comparison). Not `req.fresh`: it ignores If-None-Match under `Cache-Control: no-cache`, which fetch()
 * adds to any request that sets If-None-Match itself.
 */
function answeredFromCache(req: Request, res: Response, sha256: string, type: string): boolean {
  const etag = `"${sha256}"`;
  const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etag) && !tags.includes('*')) return false;
  setCachingHeaders(res, sha256, type);
  res.status(304).end();
  return true;
}

/** Set only once the bytes are known good: an error answer must not carry the model's ETag. */
function setCachingHeaders(res: Response, sha256: string, type: string): void {
  res.set({ ETag: `"${sha256}"`, 'Cache-Control': IMMUTABLE, 'Content-Type': type });
}
