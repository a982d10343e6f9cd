// Shared fixtures for the HTTP tests: the real app on 127.0.0.1 and a free port, a real SQLite store in a
// temp folder, logs captured as JSON lines, and a real JWKS server for OIDC tokens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { buildApp } from '../../../trainer-server/src/app.js';
import type { RouterMount } from '../../../trainer-server/src/app.js';
import { ServerConfigSchema } from '../../../trainer-server/src/config/index.js';
import type { ServerConfig } from '../../../trainer-server/src/config/index.js';
import { createLogger } from '../../../trainer-server/src/http/index.js';
import { openSqliteStore } from '../../../trainer-server/src/store/index.js';
import type { Role, Store } from '../../../trainer-server/src/store/index.js';

export const BASE_CONFIG = {
  dataDir: '/unused',
  dicomweb: { url: 'http://127.0.0.1:8042/dicom-web' },
  project: { classes: ['normal', 'abnormal'] },
};

export interface RunningApp {
  readonly url: string;
  readonly store: Store;
  readonly config: ServerConfig;
  /** Every log line written so far, raw. */
  readonly logText: () => string;
  readonly logLines: () => Record<string, unknown>[];
  /** Creates an API token and returns its secret. */
  readonly createToken: (name: string, role: Role) => string;
}

/** Listens on 127.0.0.1:0; the server and the store are closed, and the folder removed, when `t` ends. */
export async function startApp(
  t: TestContext,
  config: Record<string, unknown> = {},
  routers: readonly RouterMount[] = [],
): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'aift-http-'));
  const store = openSqliteStore(join(dir, 'aift.sqlite'), { clock: () => new Date() });
  const chunks: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => chunks.push(line) } });
  const parsed = ServerConfigSchema.parse({ ...BASE_CONFIG, ...config });
  const app = buildApp({ config: parsed, store, logger, version: '9.9.9', routers });
  const server = await listen(app);
  t.after(async () => {
    await close(server);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const logText = (): string => chunks.join('');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    config: parsed,
    logText,
    logLines: () =>
      logText()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    createToken: (name, role) => {
      const secret = randomBytes(32).toString('base64url');
      store.tokens.create({ name, role, secret }, { name: 'setup', role: 'admin' });
      return secret;
    },
  };
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export const bearer = (secret: string): Record<string, string> => ({ Authorization: `Bearer ${secret}` });

export interface IdentityProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** A JWT signed by the provider's key (or `key`), for `audience`, valid for an hour unless claims say. */
  sign(
    claims: JWTPayload,
    options?: { key?: CryptoKey; audience?: string; issuer?: string },
  ): Promise<string>;
}

export const AUDIENCE = 'aift-trainer';

/** An RS256 key pair whose public half is served as a JWKS from a node:http server on 127.0.0.1. */
export async function startIdentityProvider(t: TestContext): Promise<IdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = await listen((req, res) => {
    res.writeHead(req.url === '/jwks.json' ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  t.after(() => close(server));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? '1h')
        .sign(options.key ?? privateKey),
  };
}

/** The auth section that trusts `idp`, with roles in `groups` and a 5 s clock tolerance. */
export const oidcAuth = (idp: IdentityProvider): Record<string, unknown> => ({
  auth: {
    apiTokens: true,
    oidc: {
      issuer: idp.issuer,
      audience: AUDIENCE,
      jwksUrl: idp.jwksUrl,
      rolesClaim: 'groups',
      adminValues: ['aift-admins'],
      annotatorValues: ['radiologists'],
      clockToleranceSeconds: 5,
    },
  },
});
