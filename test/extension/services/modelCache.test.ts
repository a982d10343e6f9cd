// The browser's model cache in real Chromium (Cache Storage): a version's bytes are loaded once, and the same
// version name with another hash (a deployment that started over) is never answered from the old entry.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import type { Page } from 'playwright-core';
import { startChromium } from '../../support/chromium.js';
import type { RunningChromium } from '../../support/chromium.js';
import { bundle } from './pageSite.js';

type Read = { bytes: number[]; loaded: boolean };

describe('cachedBytes in Chromium', () => {
  let server: Server;
  let chromium: RunningChromium;
  let page: Page;
  const read = (key: string, fresh: number[]) =>
    page.evaluate<Read>(`modelCache.read(${JSON.stringify(key)}, ${JSON.stringify(fresh)})`);

  before(async () => {
    const script = await bundle('modelCachePage.ts');
    const app = express();
    app.get('/', (_req, res) => void res.type('html').send('<script type="module" src="/page.js"></script>'));
    app.get('/page.js', (_req, res) => void res.type('js').send(script));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    chromium = await startChromium();
    page = await chromium.context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction("'modelCache' in globalThis");
  });
  after(async () => {
    await chromium?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('loads a version once, then answers from Cache Storage, also after a reload', async () => {
    const key = '/api/models/v0001/model.onnx?sha256=aaa';
    assert.deepEqual(await read(key, [1, 2, 3]), { bytes: [1, 2, 3], loaded: true });
    assert.deepEqual(await read(key, [9]), { bytes: [1, 2, 3], loaded: false });
    await page.reload();
    await page.waitForFunction("'modelCache' in globalThis");
    assert.deepEqual(await read(key, [9]), { bytes: [1, 2, 3], loaded: false });
  });

  it('keeps keys apart by their query, where loadModel puts the sha256: another hash is a miss', async () => {
    const other = '/api/models/v0001/model.onnx?sha256=bbb';
    assert.deepEqual(await read(other, [7, 7]), { bytes: [7, 7], loaded: true });
  });
});
