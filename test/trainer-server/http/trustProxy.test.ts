// Behind a reverse proxy every request arrives from the proxy's address. With listen.trustProxy naming the
// proxy, the rate limiter counts per forwarded client address; without it, X-Forwarded-For is ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApp } from './support.js';

const LIMIT = 3;

/** The statuses of `count` health requests that claim to come from `client` through the proxy. */
async function statusesFrom(url: string, client: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await fetch(`${url}/api/health`, { headers: { 'X-Forwarded-For': client } });
    statuses.push(reply.status);
    await reply.arrayBuffer();
  }
  return statuses;
}

const within = Array<number>(LIMIT).fill(200);

describe('listen.trustProxy', () => {
  it('gives each forwarded client address its own rate-limit budget when the proxy is trusted', async (t) => {
    const app = await startApp(t, {
      listen: { trustProxy: ['127.0.0.1'] },
      limits: { rateLimitPerMinute: LIMIT },
    });
    assert.deepEqual(await statusesFrom(app.url, '203.0.113.7', LIMIT + 1), [...within, 429]);
    assert.deepEqual(await statusesFrom(app.url, '198.51.100.23', LIMIT + 1), [...within, 429]);
  });

  it('ignores X-Forwarded-For without it, so every claimed address shares one budget', async (t) => {
    const app = await startApp(t, { limits: { rateLimitPerMinute: LIMIT } });
    assert.deepEqual(await statusesFrom(app.url, '203.0.113.7', LIMIT), within);
    assert.deepEqual(await statusesFrom(app.url, '198.51.100.23', 1), [429]);
  });
});
