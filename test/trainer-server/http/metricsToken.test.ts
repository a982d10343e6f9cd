// GET /metrics over real HTTP, through the whole server (createServer) and the configuration loader with a
// real token file: with metrics.bearerTokenFile only that token is let in; without it the route is open.
// No PACS is contacted: neither start-up nor /metrics reaches it, so its URL names nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import { loadConfig, ServerConfigSchema } from '../../../trainer-server/src/config/index.js';
import { createLogger } from '../../../trainer-server/src/http/index.js';
import { createServer } from '../../../trainer-server/src/server.js';
import type { TrainerServer } from '../../../trainer-server/src/server.js';
import { tinyBackbone } from '../services/support.js';
import { bearer, startIdentityProvider } from './support.js';
import type { IdentityProvider } from './support.js';

const UNUSED_PACS = 'http://127.0.0.1:9/dicom-web';

interface RunningTrainer {
  readonly url: string;
  readonly server: TrainerServer;
}

/** The server as main.ts builds it from these AIFT_* variables, on 127.0.0.1:0; all of it ends with `t`. */
async function startTrainer(
  t: TestContext,
  dir: string,
  env: Record<string, string>,
): Promise<RunningTrainer> {
  const config = loadConfig(
    {
      AIFT_DATA_DIR: join(dir, 'data'),
      AIFT_DICOMWEB_URL: UNUSED_PACS,
      AIFT_PROJECT_CLASSES: 'normal,abnormal',
      AIFT_TRAINING_TRIGGER: 'manual',
      ...env,
    },
    (path) => readFileSync(path, 'utf8'),
  );
  const backbone = tinyBackbone();
  const server = await createServer(config, {
    logger: createLogger({ level: 'silent' }),
    backbone: { model: backbone, version: 'tiny-seed-3' },
    plan: buildPlan({ ...PLAN_PRESETS.dihedral, patches: 4 }),
    tfjsBackend: 'keep',
  });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = server.app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  t.after(async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await server.close();
    backbone.model.dispose();
  });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, server };
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'aift-metrics-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const scrape = (trainer: RunningTrainer, headers: Record<string, string> = {}) =>
  fetch(`${trainer.url}/metrics`, { headers });

async function assertRefused(reply: Response, what: string): Promise<void> {
  assert.equal(reply.status, 401, what);
  assert.equal(reply.headers.get('www-authenticate'), 'Bearer', what);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/, what);
  const body = (await reply.json()) as { message?: unknown };
  assert.equal(typeof body.message, 'string', what);
}

async function assertPrometheusText(reply: Response): Promise<void> {
  assert.equal(reply.status, 200);
  assert.match(reply.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  assert.match(await reply.text(), /^aift_labels 0$/m);
}

const oidcEnv = (idp: IdentityProvider): Record<string, string> => ({
  AIFT_OIDC_ISSUER: idp.issuer,
  AIFT_OIDC_AUDIENCE: 'aift-trainer',
  AIFT_OIDC_JWKS_URL: idp.jwksUrl,
  AIFT_OIDC_ROLES_CLAIM: 'groups',
  AIFT_OIDC_ADMIN_VALUES: 'aift-admins',
});

describe('GET /metrics and metrics.bearerTokenFile', () => {
  it('answers only the configured token; users, admins included, get 401 with a Bearer challenge', async (t) => {
    const dir = tempDir(t);
    const token = randomBytes(32).toString('base64url');
    writeFileSync(join(dir, 'metrics-token'), `${token}\n`, { mode: 0o600 });
    const idp = await startIdentityProvider(t);
    const trainer = await startTrainer(t, dir, {
      AIFT_METRICS_TOKEN_FILE: join(dir, 'metrics-token'),
      ...oidcEnv(idp),
    });
    const secret = randomBytes(24).toString('base64url');
    trainer.server.store.tokens.create(
      { name: 'root', role: 'admin', secret },
      { name: 'setup', role: 'admin' },
    );
    const adminJwt = await idp.sign({ sub: 'u-1', groups: ['aift-admins'] });
    // A user's token works on the API, so its refusal below is /metrics' doing.
    assert.equal((await fetch(`${trainer.url}/api/whoami`, { headers: bearer(secret) })).status, 200);
    assert.equal((await fetch(`${trainer.url}/api/whoami`, { headers: bearer(adminJwt) })).status, 200);

    const refused: Record<string, Record<string, string>> = {
      'no header': {},
      'not a bearer header': {
        Authorization: `Basic ${Buffer.from(`prometheus:${token}`).toString('base64')}`,
      },
      'a wrong token': bearer(randomBytes(32).toString('base64url')),
      'the token with one more character': bearer(`${token}x`),
      'a prefix of the token': bearer(token.slice(0, -1)),
      "an admin's API token": bearer(secret),
      "an admin's OIDC token": bearer(adminJwt),
    };
    for (const [what, headers] of Object.entries(refused))
      await assertRefused(await scrape(trainer, headers), what);
    await assertPrometheusText(await scrape(trainer, bearer(token)));
    await assertPrometheusText(await scrape(trainer, { Authorization: `bearer  ${token} ` }));

    const counted = await (await scrape(trainer, bearer(token))).text();
    assert.match(counted, /^aift_http_requests_total\{method="GET",route="\/metrics",status="401"\} 7$/m);
    assert.ok(!counted.includes(token), 'the token leaked into the metrics');
  });

  it('stays open as before without the setting', async (t) => {
    const trainer = await startTrainer(t, tempDir(t), {});
    await assertPrometheusText(await scrape(trainer));
  });

  it('refuses to build a server whose token file was never read', async () => {
    const config = ServerConfigSchema.parse({
      dataDir: '/unused',
      dicomweb: { url: UNUSED_PACS },
      project: { classes: ['normal', 'abnormal'] },
      metrics: { bearerTokenFile: '/run/secrets/metrics-token' },
    });
    await assert.rejects(
      createServer(config, { tfjsBackend: 'keep' }),
      /metrics\.bearerTokenFile .*loadConfig/,
    );
  });
});
