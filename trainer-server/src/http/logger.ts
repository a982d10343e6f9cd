import { pino } from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';

/**
 * Defence in depth: the request serializers log no headers at all, but should anything log a request or
 * response object whole, these paths are blanked.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
];

export interface LoggerOptions {
  readonly level: Level | 'silent';
  /** Where the JSON lines go; standard output when absent (tests pass a buffer). */
  readonly destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
