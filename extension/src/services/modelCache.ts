// Model versions are immutable, so their files are kept in Cache Storage under a key naming the version and
// its hash: a reload or a second tab does not download the same ONNX bytes again.
const CACHE_NAME = 'aift-models-v2';

/** The bytes under `key` (a URL) from Cache Storage, else from `load` (then stored). Without Cache Storage: `load`. */
export async function cachedBytes(key: string, load: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const cache = await openCache();
  const hit = await cache?.match(key);
  if (hit) return new Uint8Array(await hit.arrayBuffer());
  const bytes = await load();
  // A full or refused cache only costs the next load a download.
  await cache?.put(key, new Response(bytes.slice().buffer)).catch(() => undefined);
  return bytes;
}

async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return undefined; // an opaque origin or a private window may refuse Cache Storage
  }
}
