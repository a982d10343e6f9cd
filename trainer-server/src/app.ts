// The composition root: builds the express app from the configuration, the store and the routers other
// modules provide. It never listens (main.ts does), so tests drive the very same app.
import express from 'express';
import type { Express, RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { ServerConfig } from './config/index.js';
import {
  actorOf,
  authenticate,
  corsAllowList,
  createOidcVerifier,
  errorHandler,
  jsonBody,
  notFound,
  rateLimit,
  recordMount,
  requestLogger,
} from './http/index.js';
import type { Store } from './store/index.js';

/** A resource router, mounted behind authentication: `path` must start with `/api/`. */
export interface RouterMount {
  readonly path: string;
  readonly router: Router;
}

export interface AppDependencies {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly logger: Logger;
  /** The server's version, reported by GET /api/health. */
  readonly version: string;
  readonly routers?: readonly RouterMount[];
  /** The check on /api (userAuthentication); default one made from `config` and `store`. */
  readonly authenticate?: RequestHandler;
}

/** Who may call /api: an API token from the store (unless turned off), else an OIDC JWT when configured. */
export function userAuthentication(config: ServerConfig, store: Store): RequestHandler {
  const { apiTokens, oidc } = config.auth;
  return authenticate({
    ...(apiTokens ? { tokens: store.tokens } : {}),
    ...(oidc === undefined ? {} : { oidc: createOidcVerifier(oidc) }),
  });
}

export function buildApp({
  config,
  store,
  logger,
  version,
  routers = [],
  authenticate: checkUser = userAuthentication(config, store),
}: AppDependencies): Express {
  for (const { path } of routers) {
    if (!/^\/api(\/[A-Za-z0-9:_-][A-Za-z0-9:._-]*)+$/.test(path)) {
      throw new RangeError(
        `router path ${JSON.stringify(path)} must start with /api/ (behind authentication)`,
      );
    }
  }
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy every socket is the proxy's: trusting it makes req.ip (the rate limiter's key)
  // the client address it forwards. Unset, express ignores X-Forwarded-For, as it must without a proxy.
  const { trustProxy } = config.listen;
  if (trustProxy !== false) app.set('trust proxy', trustProxy);

  app.use(requestLogger(logger));
  app.use(corsAllowList(config.cors.allowedOrigins));
  app.use(rateLimit(config.limits.rateLimitPerMinute));
  app.use(jsonBody(config.limits.bodyBytes));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', version });
  });

  app.use('/api', checkUser);
  app.get('/api/whoami', (req, res) => {
    res.json(actorOf(req));
  });
  for (const { path, router } of routers) app.use(path, recordMount(path), router);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
