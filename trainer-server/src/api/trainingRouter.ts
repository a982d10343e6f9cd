import { Router } from 'express';
import { z } from 'zod';
import type { RouterMount } from '../app.js';
import { HttpError, requireRole } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { jobDto } from './dto.js';
import { viewerOf } from './viewerOf.js';
import { TrainingJobSchema, TrainingStatusSchema } from './schemas/index.js';

const JobReply = z.object({ job: TrainingJobSchema });

/** Training as a resource: POST starts (202), GET reports, DELETE cancels; 409 while a job runs. */
export function trainingRouter({
  config,
  store,
  training,
  docs,
}: Pick<ApiContext, 'config' | 'store' | 'training' | 'docs'>): RouterMount {
  const router = Router();
  const project = config.project.name;
  const accepted = { 202: { description: 'Started', content: { 'application/json': { schema: JobReply } } } };

  document(docs, {
    method: 'post',
    path: '/api/training',
    summary: 'Start a training job on the consensus labels; progress arrives on GET and as SSE',
    tag: 'Training',
    role: 'admin',
    ok: accepted,
    errors: [409],
  });
  router.post('/', requireRole('admin'), (req, res) => {
    const viewer = viewerOf(req, { config });
    res.status(202).json({ job: jobDto(training.start(viewer.actor).job, viewer) });
  });

  document(docs, {
    method: 'post',
    path: '/api/training/cold-start',
    summary: 'Before any label: publish the backbone with an untrained head and rank the pool by k-center',
    tag: 'Training',
    role: 'admin',
    ok: accepted,
    errors: [409],
  });
  router.post('/cold-start', requireRole('admin'), (req, res) => {
    const viewer = viewerOf(req, { config });
    res.status(202).json({ job: jobDto(training.startColdStart(viewer.actor).job, viewer) });
  });

  document(docs, {
    method: 'get',
    path: '/api/training',
    summary: "The project's newest training job (running or finished) and how many labels are new",
    tag: 'Training',
    role: 'annotator',
    ok: { 200: TrainingStatusSchema },
  });
  router.get('/', requireRole('annotator'), (req, res) => {
    const job = store.jobs.list(project, 1)[0];
    res.json({
      job: job === undefined ? null : jobDto(job, viewerOf(req, { config })),
      newLabels: training.newLabelCount(),
    });
  });

  document(docs, {
    method: 'delete',
    path: '/api/training',
    summary: 'Ask the running job to stop at its next step (not once it has published)',
    tag: 'Training',
    role: 'admin',
    ok: accepted,
    errors: [404, 409],
  });
  router.delete('/', requireRole('admin'), (req, res) => {
    const job = store.jobs.running(project);
    if (job === undefined) throw new HttpError(404, 'no training job is running');
    if (!training.cancel(job.id)) {
      throw new HttpError(
        409,
        `training job ${job.id} can no longer be cancelled: it has published its model`,
      );
    }
    res.status(202).json({ job: jobDto(job, viewerOf(req, { config })) });
  });
  return { path: '/api/training', router };
}
