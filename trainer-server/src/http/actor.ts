import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import type { Actor } from '../store/index.js';

// Keyed by the request object itself: nothing a client sends can set or overwrite it.
const actors = new WeakMap<IncomingMessage, Actor>();

export function setActor(req: Request, actor: Actor): void {
  actors.set(req, actor);
}

/** The authenticated actor; only routes mounted under /api (behind `authenticate`) may ask. */
export function actorOf(req: Request): Actor {
  const actor = actors.get(req);
  if (actor === undefined) throw new Error('actorOf: the route is not behind authenticate()');
  return actor;
}

/** For the request log, which also sees requests that never reached authentication. */
export function maybeActorOf(req: IncomingMessage): Actor | undefined {
  return actors.get(req);
}
