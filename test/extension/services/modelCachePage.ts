// Browser entry for modelCache.test.ts: exposes the real cachedBytes to the test through globalThis.
import { cachedBytes } from '../../../extension/src/services/modelCache.js';

/** Reads `key` through the cache; `fresh` is what a miss loads. Returns the bytes and whether it loaded. */
async function read(key: string, fresh: number[]): Promise<{ bytes: number[]; loaded: boolean }> {
  let loaded = false;
  const bytes = await cachedBytes(key, () => {
    loaded = true;
    return Promise.resolve(Uint8Array.from(fresh));
  });
  return { bytes: [...bytes], loaded };
}

Object.assign(globalThis, { modelCache: { read } });
