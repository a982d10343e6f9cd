import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorSchema } from './schemas/index.js';

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid request: the message and `issues` name each bad field',
  401: 'Missing or invalid bearer token',
  403: 'The caller lacks the role',
  404: 'Not found',
  409: 'Conflicts with what is stored or running',
};

export interface RouteDoc {
  readonly method: RouteConfig['method'];
  /** The full path in OpenAPI form, e.g. `/api/labels/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly role: 'annotator' | 'admin';
  readonly request?: RouteConfig['request'];
  /** Success responses by status: a zod schema (JSON) or a full response object. */
  readonly ok: Readonly<Record<number, z.ZodType | ResponseConfig>>;
  /** Error statuses the route may answer besides 401 (and 403 for admin routes). */
  readonly errors?: readonly number[];
}

/** Registers one route with its schemas, bearer security and error shapes. */
export function document(docs: OpenAPIRegistry, route: RouteDoc): void {
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, value] of Object.entries(route.ok)) {
    responses[Number(status)] = isResponse(value)
      ? value
      : { description: 'OK', content: { 'application/json': { schema: value } } };
  }
  const errors = new Set([...(route.errors ?? []), 401, ...(route.role === 'admin' ? [403] : [])]);
  for (const status of errors) {
    responses[status] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: ErrorSchema } },
    };
  }
  docs.registerPath({
    method: route.method,
    path: route.path,
    summary: route.summary,
    description: `Role: ${route.role}.`,
    tags: [route.tag],
    security: [{ bearer: [] }],
    ...(route.request === undefined ? {} : { request: route.request }),
    responses,
  });
}

function isResponse(value: z.ZodType | ResponseConfig): value is ResponseConfig {
  return !(value instanceof z.ZodType);
}

/** A JSON request body for `request.body`. */
export const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
