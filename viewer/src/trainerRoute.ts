// The trainer API at /api: either the trainer's express app in this process, or a trainer server elsewhere.
// Both get the full path (/api/...), as the trainer's routes include the prefix. Server-Sent Events
// (/api/events) stream: there is no compression or other buffering on this path.
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { isTrainerPath } from './paths.js';

export type TrainerTarget =
  /**
   * The trainer's express app (TrainerServer.app), served in this process, and its sign-in check
   * (TrainerServer.requireUser), which guards /dicom-web.
   */
  | { readonly app: RequestHandler; readonly requireUser: RequestHandler }
  /** The trainer server's root URL (before /api), e.g. http://127.0.0.1:8080; its /api/whoami guards /dicom-web. */
  | { readonly url: string };

/** Mounted at the root: requests outside /api pass on. */
export function trainerRoute(trainer: TrainerTarget): RequestHandler {
  if ('app' in trainer) {
    const { app } = trainer;
    return (req, res, next) => (isTrainerPath(req.path) ? app(req, res, next) : next());
  }
  return createProxyMiddleware({
    target: trainer.url,
    changeOrigin: true,
    pathFilter: (path) => isTrainerPath(path),
  }) as RequestHandler;
}
