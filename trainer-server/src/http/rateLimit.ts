import { rateLimit as expressRateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

/** At most `perMinute` requests per client address per minute; then 429 with Retry-After. */
export function rateLimit(perMinute: number): RequestHandler {
  return expressRateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ message: `too many requests: at most ${perMinute} a minute` });
    },
  });
}
