import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

export interface RequestSchemas {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
}

/** What the handler receives: the parsed value of each part that has a schema. */
export type ParsedRequest<S extends RequestSchemas> = {
  readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

export type ValidatedHandler<S extends RequestSchemas> = (
  input: ParsedRequest<S>,
  req: Request,
  res: Response,
) => void | Promise<void>;

/**
 * Parses params, query and body once, then calls the handler with the parsed values, so no handler reads
 * req.body raw. A ZodError reaches the error handler (400) with paths such as `body.value`.
 */
export function validate<S extends RequestSchemas>(schemas: S, handler: ValidatedHandler<S>): RequestHandler {
  const shape: Record<string, z.ZodType> = {};
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (schema !== undefined) shape[part] = schema;
  }
  const request = z.object(shape);
  return async (req, res) => {
    const input = request.parse({ params: req.params, query: req.query, body: req.body as unknown });
    await handler(input as ParsedRequest<S>, req, res);
  };
}
