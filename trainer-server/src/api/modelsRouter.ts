import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, HttpError, requireRole, validate } from '../http/index.js';
import type { ModelService } from '../services/index.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { modelListItemDto, modelVersionDto } from './dto.js';
import {
  LatestModelSchema,
  LatestPointerSchema,
  ModelListSchema,
  ModelVersionParams,
  RollbackSchema,
} from './schemas/index.js';
import { sendModelCard, sendModelFile } from './versionFiles.js';

const cached = (type: string, what: string) => ({
  200: {
    description: `${what}; ETag = sha256, cacheable forever`,
    content: { [type]: { schema: { type: 'string' as const } } },
  },
  304: { description: 'Not modified (If-None-Match matched the ETag)' },
});

/** The model registry: list, latest with its card, immutable files, and rollback. */
export function modelsRouter({ models, docs }: Pick<ApiContext, 'models' | 'docs'>): RouterMount {
  const router = Router();

  document(docs, {
    method: 'get',
    path: '/api/models',
    summary: 'Published versions with their metrics and integrity, oldest first',
    tag: 'Models',
    role: 'annotator',
    ok: { 200: ModelListSchema },
  });
  router.get('/', requireRole('annotator'), async (_req, res) => {
    const { latest, versions } = await models.list();
    res.json({ latest, versions: versions.map(({ model, problem }) => modelListItemDto(model, problem)) });
  });

  document(docs, {
    method: 'get',
    path: '/api/models/latest',
    summary: 'The version clients should use, with its model card',
    tag: 'Models',
    role: 'annotator',
    ok: { 200: LatestModelSchema },
    errors: [404],
  });
  router.get('/latest', requireRole('annotator'), (_req, res) => {
    res.json(latestModel(models));
  });

  document(docs, {
    method: 'get',
    path: '/api/models/{version}/model.onnx',
    summary: 'The whole classifier as ONNX',
    tag: 'Models',
    role: 'annotator',
    request: { params: ModelVersionParams },
    ok: cached('application/octet-stream', 'The ONNX bytes'),
    errors: [400, 404],
  });
  router.get(
    '/:version/model.onnx',
    requireRole('annotator'),
    validate({ params: ModelVersionParams }, async ({ params }, req, res) => {
      await sendModelFile(req, res, models.modelFile(params.version));
    }),
  );

  document(docs, {
    method: 'get',
    path: '/api/models/{version}/model-card.json',
    summary: "The version's model card",
    tag: 'Models',
    role: 'annotator',
    request: { params: ModelVersionParams },
    ok: cached('application/json', 'The model card'),
    errors: [400, 404],
  });
  router.get(
    '/:version/model-card.json',
    requireRole('annotator'),
    validate({ params: ModelVersionParams }, async ({ params }, req, res) => {
      sendModelCard(req, res, await models.modelCard(params.version));
    }),
  );

  document(docs, {
    method: 'post',
    path: '/api/models/rollback',
    summary: 'Move latest back to an earlier version (audited)',
    tag: 'Models',
    role: 'admin',
    request: { body: jsonBody(RollbackSchema) },
    ok: { 200: LatestPointerSchema },
    errors: [400, 404, 409],
  });
  router.post(
    '/rollback',
    requireRole('admin'),
    validate({ body: RollbackSchema }, ({ body }, req, res) => {
      const pointer = models.rollback(body.version, actorOf(req), body.reason);
      res.json({ ...pointer, movedAt: pointer.movedAt.toISOString() });
    }),
  );
  return { path: '/api/models', router };
}

function latestModel(models: ModelService) {
  const latest = models.latest();
  if (latest === undefined) throw new HttpError(404, 'no model is published yet');
  const { model, pointer } = latest;
  return {
    ...modelVersionDto(model),
    movedAt: pointer.movedAt.toISOString(),
    movedBy: pointer.movedBy,
    modelCard: { ...model.modelCard },
  };
}
