import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { RouterMount } from '../app.js';
import type { ApiContext } from './context.js';

/** GET /api/openapi.json: the document generated from the schemas every router registered in `docs`. */
export function openApiRouter({ docs }: Pick<ApiContext, 'docs'>, version: string): RouterMount {
  const router = Router();
  let document: object | undefined;
  router.get('/', (_req, res) => {
    // Built on the first request, once every router has registered its routes.
    document ??= openApiDocument(docs, version);
    res.json(document);
  });
  return { path: '/api/openapi.json', router };
}

export function openApiDocument(docs: OpenAPIRegistry, version: string): object {
  docs.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return new OpenApiGeneratorV3(docs.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'AIFT trainer server',
      version,
      description: 'Active continual fine-tuning: labels in, versioned ONNX models out.',
    },
  });
}
