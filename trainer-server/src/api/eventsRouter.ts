import { TRAINER_EVENT_NAMES } from '@aift/contract';
import type { TrainerEvents } from '@aift/contract';
import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { requireRole } from '../http/index.js';
import type { ServiceEventName, ServiceEvents, Viewer } from '../services/index.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { jobDto } from './dto.js';
import { viewerOf } from './viewerOf.js';

/** Proxies close idle streams; a comment line every so often keeps this one open. */
const KEEP_ALIVE_MS = 15_000;

/** An event's payload as the contract sends it to `viewer`: a job goes through jobDto (blind review). */
function payloadFor<E extends ServiceEventName>(
  event: E,
  payload: ServiceEvents[E],
  viewer: Viewer,
): TrainerEvents[ServiceEventName] {
  if (event !== 'training.progress') return payload as TrainerEvents[Exclude<E, 'training.progress'>];
  const progress = payload as ServiceEvents['training.progress'];
  return { ...progress, job: jobDto(progress.job, viewer) };
}

/** GET /api/events: the EventBus as Server-Sent Events, one `event:` per service event. */
export function eventsRouter({
  bus,
  config,
  docs,
}: Pick<ApiContext, 'bus' | 'config' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'get',
    path: '/api/events',
    summary: `Server-Sent Events: ${TRAINER_EVENT_NAMES.join(', ')}; data is the event's JSON payload`,
    tag: 'Events',
    role: 'annotator',
    ok: {
      200: {
        description: 'An endless event stream',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
    },
  });
  router.get('/', requireRole('annotator'), (req, res) => {
    const viewer = viewerOf(req, { config });
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    // A listener must not throw (it would fail the emitting job): a write to a gone client is dropped.
    const subscriptions = TRAINER_EVENT_NAMES.map((event) =>
      bus.subscribe(event, (payload) => {
        if (res.writableEnded) return;
        res.write(`event: ${event}\ndata: ${JSON.stringify(payloadFor(event, payload, viewer))}\n\n`);
      }),
    );
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    req.on('close', () => {
      clearInterval(keepAlive);
      for (const subscription of subscriptions) subscription.unsubscribe();
      res.end();
    });
  });
  return { path: '/api/events', router };
}
