// Prometheus metrics for GET /metrics: requests by route pattern (never the URL: it carries DICOM UIDs),
// and the state of labels, training jobs and models read from the store at scrape time. With a bearer token
// configured only the scraper that sends it reads them: the counts describe a clinical reading project.
import type { Request, RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { errorHandler, requireBearerSecret } from '../http/index.js';
import { routePatternOf } from '../http/routePattern.js';
import type { Store } from '../store/index.js';

export interface Metrics {
  /** Mount first: times every request and counts it under its route pattern once it finishes. */
  readonly observe: RequestHandler;
  /** Serves GET /metrics in the Prometheus text format. */
  readonly router: Router;
}

/** `bearerToken` undefined leaves /metrics open; set, a request must send `Authorization: Bearer <it>`. */
export function createMetrics(store: Store, project: string, bearerToken: string | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labels = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'aift_http_requests_total',
    help: 'HTTP requests',
    labelNames: labels,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'aift_http_request_duration_seconds',
    help: 'HTTP request latency (event streams count until they close)',
    labelNames: labels,
    buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'aift_labels',
    help: 'Labels stored, retracted ones included',
    registers: [registry],
    collect() {
      this.set(store.exports.allLabels().length);
    },
  });
  new Gauge({
    name: 'aift_candidates',
    help: 'Candidates by state: registered, labeled (a class vote or an adjudication), needing adjudication',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = store.consensus.counts();
      this.set({ state: 'registered' }, counts.candidates);
      this.set({ state: 'labeled' }, counts.labeled);
      this.set({ state: 'needing_adjudication' }, counts.needingAdjudication);
    },
  });
  new Gauge({
    name: 'aift_training_jobs',
    help: 'Training jobs of the project by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const byStatus = { running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      for (const job of store.jobs.list(project)) byStatus[job.status]++;
      for (const [status, count] of Object.entries(byStatus)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'aift_model_versions',
    help: 'Published model versions',
    registers: [registry],
    collect() {
      this.set(store.models.list().length);
    },
  });
  new Gauge({
    name: 'aift_model_latest_info',
    help: 'The version clients are told to use (value 1)',
    labelNames: ['version'],
    registers: [registry],
    collect() {
      this.reset();
      const latest = store.models.latest();
      if (latest) this.set({ version: latest.version }, 1);
    },
  });

  const observe: RequestHandler = (req, res, next) => {
    const stop = latency.startTimer();
    res.once('close', () => {
      const labelled = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labelled);
      stop(labelled);
    });
    next();
  };
  const router = createRouter();
  const guard = bearerToken === undefined ? [] : [requireBearerSecret(bearerToken)];
  router.get('/metrics', ...guard, async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  // The router sits in front of the app and its error handler: its 401 needs one to become the API's JSON.
  router.use(errorHandler);
  return { observe, router };
}

function routeOf(req: Request): string {
  return routePatternOf(req) ?? (req.path === '/metrics' ? '/metrics' : '(no route)');
}
