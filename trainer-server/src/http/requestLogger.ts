import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger } from 'pino-http';
import { maybeActorOf } from './actor.js';
import { routePatternOf } from './routePattern.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One line per request: method, route pattern, status, latency, actor name and request id. No URL (it
 * carries DICOM UIDs), query string, header or body is ever logged.
 */
export function requestLogger(logger: Logger): HttpLogger {
  const describe = (req: IncomingMessage, _res: ServerResponse, val: object): object => ({
    ...val,
    route: routePatternOf(req) ?? null,
    actor: maybeActorOf(req)?.name ?? null,
  });
  const summary = (req: IncomingMessage, res: ServerResponse): string =>
    `${req.method} ${routePatternOf(req) ?? '(no route)'} ${res.statusCode}`;
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) =>
      err !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessObject: describe,
    customErrorObject: (req, res, _err, val: object) => describe(req, res, val),
    customSuccessMessage: summary,
    customErrorMessage: (req, res) => summary(req, res),
  });
}
