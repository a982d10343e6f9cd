// Who may use /dicom-web: the users the trainer admits to /api, decided by the trainer's own code, never by
// a verifier of the gateway's. In process that is the trainer's middleware itself; for a trainer elsewhere
// the gateway asks its GET /api/whoami with the request's Authorization header and passes its refusal on.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { TRAINER_PATH } from './paths.js';
import type { TrainerTarget } from './trainerRoute.js';

/** How long a trainer's "yes" for one Authorization header is reused: OHIF sends hundreds of requests a study. */
const FRESH_MS = 30_000;
/** How long that "yes" still admits while the trainer cannot be asked, so images keep opening through its restart. */
const STALE_IF_UNREACHABLE_MS = 60 * 60_000;
const MAX_REMEMBERED = 1_000;
const WHOAMI_TIMEOUT_MS = 10_000;

export function requireSignIn(trainer: TrainerTarget): RequestHandler {
  if ('app' in trainer) return trainer.requireUser;
  const whoami = `${trainer.url.replace(/\/+$/, '')}${TRAINER_PATH}/whoami`;
  // SHA-256 of an admitted header -> when the trainer last admitted it. Only successes are kept: a refused
  // token is asked about each time, and a revoked one stops working within FRESH_MS of the trainer's "no".
  const admitted = new Map<string, number>();
  const admit = (key: string) => {
    if (admitted.size >= MAX_REMEMBERED) admitted.clear();
    admitted.set(key, Date.now());
  };
  return async (req, res, next) => {
    const authorization = req.headers.authorization;
    const key = authorization && createHash('sha256').update(authorization).digest('hex');
    const age = key === undefined ? Infinity : Date.now() - (admitted.get(key) ?? -Infinity);
    if (age < FRESH_MS) return next();
    let answer: Response | undefined;
    try {
      answer = await fetch(whoami, {
        headers: authorization === undefined ? {} : { authorization },
        signal: AbortSignal.timeout(WHOAMI_TIMEOUT_MS),
      });
    } catch {
      answer = undefined;
    }
    if (answer?.ok && key !== undefined) {
      await answer.body?.cancel();
      admit(key);
      return next();
    }
    if (answer === undefined || answer.status >= 500) {
      if (age < STALE_IF_UNREACHABLE_MS) return next();
      res.status(502).json({ message: 'the trainer, which checks sign-ins, could not be reached' });
      return;
    }
    // The trainer's own refusal (401 with its WWW-Authenticate, 429, ...), passed on as it is.
    if (key !== undefined) admitted.delete(key);
    const challenge = answer.headers.get('www-authenticate');
    if (challenge !== null) res.set('WWW-Authenticate', challenge);
    res
      .status(answer.status)
      .type(answer.headers.get('content-type') ?? 'application/json')
      .send(Buffer.from(await answer.arrayBuffer()));
  };
}
