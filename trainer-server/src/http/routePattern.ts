import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';

// Where each request's router is mounted, so the log can show `/api/labels/:id` and never the real URL.
const mounts = new WeakMap<IncomingMessage, string>();

export function recordMount(path: string): RequestHandler {
  return (req, _res, next) => {
    mounts.set(req, path);
    next();
  };
}

/** The route pattern that answered the request, or undefined when none matched. */
export function routePatternOf(req: IncomingMessage): string | undefined {
  const route = (req as Partial<Request>).route as { path?: unknown } | undefined;
  if (typeof route?.path !== 'string') return undefined;
  // A router's root route is '/': `/api/labels` + '/' would read `/api/labels/` in logs and metrics.
  const mount = mounts.get(req) ?? '';
  return mount && route.path === '/' ? mount : `${mount}${route.path}`;
}
