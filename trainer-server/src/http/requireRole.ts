import type { RequestHandler } from 'express';
import type { Role } from '../store/index.js';
import { actorOf } from './actor.js';
import { HttpError } from './httpError.js';

/** Lets the request through when its actor holds `role`; an admin may do whatever an annotator may. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (actor.role !== role && actor.role !== 'admin') {
      throw new HttpError(403, `this needs the ${role} role`);
    }
    next();
  };
}
