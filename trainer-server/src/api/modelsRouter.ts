import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, HttpError, requireRole, validate } from '../http/index.js';
import { checkModelVersion } from '../registry/modelIntegrity.js';
import { VerifiedDigests } from '../registry/verifiedDigests.js';
import { NotFoundError } from '../store/index.js';
import type { ModelVersion, Store } from '../store/index.js';
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
import type { ModelListItemDto } from './schemas/index.js';
import { sendModelCard, sendModelFile } from './versionFiles.js';

const cached = (type: string, what: string) => ({
  200: {
    description: `${what}; ETag = sha256, cacheable forever`,
    content: { [type]: { schema: { type: 'string' as const } } },
  },
  304: { description: 'Not modified (If-None-Match matched the ETag)' },
});

/** The model registry: list, latest with its card, immutable files, and rollback. */
export function modelsRouter({
  store,
  registryDir,
  docs,
}: Pick<ApiContext, 'store' | 'registryDir' | 'docs'>): RouterMount {
  const router = Router();
  // The model.onnx files already hashed right, so neither a download nor the listing hashes them again.
  const digests = new VerifiedDigests();
  const registered = (version: string): ModelVersion => {
    const model = store.models.get(version);
    if (model === undefined) throw new NotFoundError('model version', version);
    return model;
  };

  document(docs, {
    method: 'get',
    path: '/api/models',
    summary: 'Published versions with their metrics and integrity, oldest first',
    tag: 'Models',
    role: 'annotator',
    ok: { 200: ModelListSchema },
  });
  router.get('/', requireRole('annotator'), async (_req, res) => {
    const latest = store.models.latest()?.version ?? null;
    const versions: ModelListItemDto[] = [];
    // One at a time: a version not yet verified is read and hashed whole (about 10 MB).
    for (const model of store.models.list()) {
      const damage = await checkModelVersion(registryDir, model.version, model.sha256, digests);
      versions.push(modelListItemDto(model, damage?.problem));
    }
    res.json({ latest, versions });
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
    res.json(latestModel(store));
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
      await sendModelFile(req, res, registryDir, params.version, registered(params.version).sha256, digests);
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
      await sendModelCard(req, res, registryDir, registered(params.version).version);
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
      const pointer = store.models.rollback(body.version, actorOf(req), body.reason);
      res.json({ ...pointer, movedAt: pointer.movedAt.toISOString() });
    }),
  );
  return { path: '/api/models', router };
}

function latestModel(store: Pick<Store, 'models'>) {
  const pointer = store.models.latest();
  if (pointer === undefined) throw new HttpError(404, 'no model is published yet');
  const model = store.models.get(pointer.version);
  if (model === undefined) throw new Error(`latest points at ${pointer.version}, which is not registered`);
  return {
    ...modelVersionDto(model),
    movedAt: pointer.movedAt.toISOString(),
    movedBy: pointer.movedBy,
    modelCard: { ...model.modelCard },
  };
}
