import { Router } from 'express';
import { z } from 'zod';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole, validate } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { labelDto } from './dto.js';
import { labelsCsv } from './labelsCsv.js';
import {
  LabelExportQuery,
  LabelExportRowSchema,
  LabelIdParams,
  LabelSchema,
  newLabelSchema,
} from './schemas/index.js';

/** Labels: submit (idempotent), retract, export. A new label may start training (`training.trigger`). */
export function labelsRouter({
  config,
  labels,
  docs,
}: Pick<ApiContext, 'config' | 'labels' | 'docs'>): RouterMount {
  const router = Router();
  const NewLabel = newLabelSchema(config.project.classes);

  document(docs, {
    method: 'get',
    path: '/api/labels/export',
    summary: 'Every label ever stored (retracted ones included) with its UIDs, as CSV or JSON',
    tag: 'Labels',
    role: 'admin',
    request: { query: LabelExportQuery },
    ok: {
      200: {
        description: 'The labels',
        content: {
          'application/json': { schema: z.array(LabelExportRowSchema) },
          'text/csv': { schema: { type: 'string' } },
        },
      },
    },
    errors: [400],
  });
  router.get(
    '/export',
    requireRole('admin'),
    validate({ query: LabelExportQuery }, ({ query }, req, res) => {
      const rows = labels.exportAll(actorOf(req), query.format);
      res.attachment(`labels.${query.format}`);
      if (query.format === 'json') res.json(rows);
      else res.type('text/csv; charset=utf-8').send(labelsCsv(rows));
    }),
  );

  document(docs, {
    method: 'post',
    path: '/api/labels',
    summary:
      'Label a candidate as the authenticated annotator; a retry with the same idempotencyKey is a replay',
    tag: 'Labels',
    role: 'annotator',
    request: { body: jsonBody(NewLabel) },
    ok: {
      201: LabelSchema,
      200: {
        description: 'A replay: the label stored before',
        content: { 'application/json': { schema: LabelSchema } },
      },
    },
    errors: [400, 404, 409],
  });
  router.post(
    '/',
    requireRole('annotator'),
    validate({ body: NewLabel }, ({ body }, req, res) => {
      const { label, created } = labels.submit(body, actorOf(req));
      res.status(created ? 201 : 200).json(labelDto(label));
    }),
  );

  document(docs, {
    method: 'delete',
    path: '/api/labels/{id}',
    summary: 'Retract a label (its annotator or an admin); the row stays, marked retracted',
    tag: 'Labels',
    role: 'annotator',
    request: { params: LabelIdParams },
    ok: { 200: LabelSchema },
    errors: [400, 403, 404],
  });
  router.delete(
    '/:id',
    requireRole('annotator'),
    validate({ params: LabelIdParams }, ({ params }, req, res) => {
      res.json(labelDto(labels.retract(params.id, actorOf(req))));
    }),
  );
  return { path: '/api/labels', router };
}
