// The composition root of the extension's logic: builds every service from the configuration and the
// viewer port, wires the server's events to them, and exposes the AiftServices bundle the panels read.
import type { TrainingStatusDto } from '../../../trainer-server/src/api/schemas/index.js';
import { openEventStream } from './eventStream.js';
import type { EventStream, TrainerEvents } from './eventStream.js';
import { FrameAnalysis } from './frameAnalysis.js';
import { FrameScorer } from './frameScorer.js';
import { LabelQueue } from './labelQueue.js';
import { learningCurve } from './learningCurve.js';
import { ModelService } from './modelService.js';
import { createObservable } from './observable.js';
import { createTrainerClient, TrainerApiError } from './trainerClient.js';
import type {
  AiftServices,
  AiftViewerConfig,
  CurvePoint,
  ProjectProgress,
  TrainingProgress,
  ViewerPort,
  WorklistCase,
} from './types.js';
import { createWadoInstanceReader } from './wadoInstanceReader.js';
import { WorklistController } from './worklistController.js';

export const DEFAULT_TRAINER_URL = '/api';
export const DEFAULT_ORT_WASM_PATHS = '/aift/ort/';
const TRAINING_POLL_MS = 1_000;

export interface AiftServicesRoot extends AiftServices {
  /** Loads the model, worklist, counts and queue, and opens the event stream. */
  start(): Promise<void>;
  dispose(): void;
}

export function createAiftServices({
  config,
  viewer,
}: {
  config: AiftViewerConfig;
  viewer: ViewerPort;
}): AiftServicesRoot {
  const client = createTrainerClient({
    baseUrl: config.trainerUrl ?? DEFAULT_TRAINER_URL,
    // The signed-in reader's (the token they entered, or OHIF's OIDC login), read again for every request.
    headers: () => viewer.authorizationHeader(),
  });
  const report = (title: string) => (error: unknown) =>
    viewer.notify({ title, message: error instanceof Error ? error.message : String(error), type: 'error' });

  const models = new ModelService({
    client,
    runtime: {
      wasmPaths: config.ortWasmPaths ?? DEFAULT_ORT_WASM_PATHS,
      executionProviders: config.executionProviders ?? ['webgpu', 'wasm'],
    },
    onError: report('AIFT: the model could not be loaded'),
  });
  const overlay = createObservable({ heatMap: false, opacity: 0.5 });
  const heatMapOn = createObservable(false);
  overlay.subscribe((o) => heatMapOn.set(o.heatMap));
  const analysis = new FrameAnalysis({
    scorer: new FrameScorer({
      readInstance: createWadoInstanceReader(viewer),
      ...(config.heatMap === undefined ? {} : { heatMap: config.heatMap }),
    }),
    model: models.model,
    viewer,
    heatMapOn,
    onError: report('AIFT: the image could not be scored'),
  });
  const worklist = new WorklistController({ client, size: config.worklistSize });
  const training = createObservable<TrainingProgress>({
    status: 'idle',
    progress: 0,
    message: null,
    newLabels: 0,
  });
  const progress = createObservable<ProjectProgress | null>(null);
  const curve = createObservable<readonly CurvePoint[]>([]);
  const currentCase = createObservable<WorklistCase | null>(null);
  const queue = new LabelQueue({
    client,
    // One queue per trainer (the same browser profile may serve two deployments), shared by the users who
    // sign in on this browser: each label records who made it and is sent only under their header.
    dbName: `aift-labels ${new URL(client.baseUrl, globalThis.location?.href ?? 'http://localhost/').href}`,
    onAcknowledged: () => void refreshProgress(),
  });
  let events: EventStream | undefined;
  let disposed = false;
  const unsubscribe: (() => void)[] = [];

  const updateCurrentCase = () => {
    const frame = viewer.displayedFrame.get();
    currentCase.set((frame && worklist.find(frame)) ?? null);
  };
  const refreshProgress = async () => {
    try {
      const latest = await client.progress();
      progress.set(latest);
      curve.set(learningCurve(latest));
    } catch (error) {
      if (!(error instanceof TrainerApiError && error.status === 404)) report('AIFT: progress')(error);
    }
  };
  const refreshTraining = async () => {
    training.set(trainingProgress(await client.trainingStatus()));
    if (training.get().status === 'running') watchTraining();
  };
  // The server announces a job's progress but not its end: while one runs, its status is polled.
  let trainingPoll: ReturnType<typeof setTimeout> | undefined;
  const watchTraining = () => {
    if (trainingPoll !== undefined || disposed) return;
    trainingPoll = setTimeout(() => {
      trainingPoll = undefined;
      background('AIFT: training', refreshTraining);
    }, TRAINING_POLL_MS);
  };
  const background = (title: string, work: () => Promise<unknown>) => void work().catch(report(title));

  const onEvent = <E extends keyof TrainerEvents>(name: E, payload: TrainerEvents[E]) => {
    if (name === 'model.published') {
      const { version, sha256 } = payload as TrainerEvents['model.published'];
      background('AIFT: new model', () => models.use({ version, sha256 }));
      void refreshProgress();
    } else if (name === 'worklist.changed') {
      background('AIFT: worklist', () => worklist.refresh());
      void refreshProgress();
    } else if (name === 'training.progress') {
      const { job } = payload as TrainerEvents['training.progress'];
      training.set({ ...training.get(), status: job.status, progress: job.progress, message: job.message });
      watchTraining();
    }
  };

  const nextCase = async () => {
    await worklist.refillIfLow();
    const current = currentCase.get()?.candidateId;
    const next = worklist.state.get().cases.find((c) => c.candidateId !== current);
    if (next === undefined) {
      viewer.notify({ title: 'AIFT', message: 'No more cases to label for now.', type: 'info' });
      return;
    }
    await viewer.open(next);
  };

  return {
    model: models.model,
    score: analysis.score,
    heatMap: analysis.heatMap,
    strip: analysis.strip,
    worklist: worklist.state,
    currentCase,
    training,
    progress,
    curve,
    connection: queue.connection,
    lastLabel: queue.lastLabel,
    overlay,

    classes: () => models.model.get()?.card.classes ?? [],
    nextCase,
    async releaseCases() {
      await client.releaseLeases();
    },
    async openCase(candidateId) {
      const c = worklist.get(candidateId);
      if (c === undefined) throw new Error(`case ${candidateId} is not in the worklist`);
      await viewer.open(c);
    },
    async label(value, note) {
      const c = currentCase.get();
      if (c === null) {
        viewer.notify({
          title: 'AIFT',
          message: 'The image on screen is not a case of your worklist: open one from the list to label it.',
          type: 'warning',
        });
        return;
      }
      await queue.enqueue({ candidateId: c.candidateId, value, ...(note === undefined ? {} : { note }) });
      worklist.markLabeled(c.candidateId);
      await nextCase();
    },
    async undo() {
      const undone = await queue.undo();
      if (undone === null) return;
      worklist.unmarkLabeled(undone.candidateId);
      await worklist.refresh();
      void refreshProgress();
    },
    toggleHeatMap(on) {
      overlay.set({ ...overlay.get(), heatMap: on ?? !overlay.get().heatMap });
    },
    setOpacity(opacity) {
      overlay.set({ ...overlay.get(), opacity: Math.min(1, Math.max(0, opacity)) });
    },
    jumpToFrame(index) {
      const frame = analysis.strip.get()?.frames[index];
      if (frame !== undefined) viewer.jumpTo(frame);
    },

    async start() {
      unsubscribe.push(
        viewer.displayedFrame.subscribe(updateCurrentCase),
        worklist.state.subscribe(updateCurrentCase),
      );
      await queue.open();
      let connections = 0;
      events = openEventStream({
        url: `${client.baseUrl}/events`,
        headers: client.headers,
        onEvent,
        // Events sent while the stream was down are lost: after a reconnect, catch up by asking.
        onConnection: (connected) => {
          if (!connected || connections++ === 0) return;
          background('AIFT: reconnecting', () =>
            Promise.all([models.start(), worklist.refresh(), refreshTraining()]),
          );
          void refreshProgress();
        },
      });
      await Promise.all([models.start(), worklist.refresh(), refreshTraining(), refreshProgress()]);
      updateCurrentCase();
    },
    dispose() {
      disposed = true;
      clearTimeout(trainingPoll);
      events?.close();
      for (const u of unsubscribe) u();
      analysis.dispose();
      void queue.close();
      void models.dispose();
    },
  };
}

function trainingProgress({ job, newLabels }: TrainingStatusDto): TrainingProgress {
  return {
    status: job?.status ?? 'idle',
    progress: job?.progress ?? 0,
    message: job?.message ?? null,
    newLabels,
  };
}
