// Serving a published version's files. Versions are immutable, so each file's sha256 is its strong ETag
// and clients may cache it forever. The folder layout is registry/writeModelVersion.ts's.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { MODEL_CARD_FILE, MODEL_FILE } from '../registry/writeModelVersion.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `version` must already match the safe pattern and be registered: it becomes a path segment. */
export async function sendModelFile(
  req: Request,
  res: Response,
  registryDir: string,
  version: string,
  sha256: string,
): Promise<void> {
  const file = join(registryDir, 'versions', version, MODEL_FILE);
  if (answeredFromCache(req, res, sha256, 'application/octet-stream')) return;
  res.setHeader('Content-Length', String((await stat(file)).size));
  await pipeline(createReadStream(file), res);
}

export async function sendModelCard(
  req: Request,
  res: Response,
  registryDir: string,
  version: string,
): Promise<void> {
  const bytes = await readFile(join(registryDir, 'versions', version, MODEL_CARD_FILE));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (answeredFromCache(req, res, sha256, 'application/json')) return;
  res.send(bytes);
}

/**
 * Sets the caching headers; answers 304 when If-None-Match names this content (RFC 9110 13.1.2, weak
 * comparison). Not `req.fresh`: it ignores If-None-Match under `Cache-Control: no-cache`, which fetch()
 * adds to any request that sets If-None-Match itself.
 */
function answeredFromCache(req: Request, res: Response, sha256: string, type: string): boolean {
  const etag = `"${sha256}"`;
  res.set({ ETag: etag, 'Cache-Control': IMMUTABLE, 'Content-Type': type });
  const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etag) && !tags.includes('*')) return false;
  res.status(304).end();
  return true;
}
