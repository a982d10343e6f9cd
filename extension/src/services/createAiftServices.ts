// The composition root of the extension's logic: builds every service from the configuration and the
// viewer port, wires the server's events to them, and exposes the AiftServices bundle the panels read.
import type { TrainingStatusDto } from '@aift/contract';
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
  PendingLabel,
  ProjectProgress,
  TrainingProgress,
  ViewerPort,
} from './types.js';
import { Problems } from './problems.js';
import { ScreenCaseTracker } from './screenCase.js';
import { createWadoInstanceReader } from './wadoInstanceReader.js';
import { WorklistController } from './worklistController.js';

export const DEFAULT_TRAINER_URL = '/api';
export const DEFAULT_ORT_WASM_PATHS = '/aift/ort/';
const TRAINING_POLL_MS = 1_000;
// Problems the panel lists, by what failed; each is cleared when that thing works again.
const MODEL_PROBLEM = 'The model could not be loaded';
const SCORE_PROBLEM = 'The image on screen could not be scored';
const PROGRESS_PROBLEM = 'The project counts could not be read';

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
  // Failures show in the panel until what failed works again, not as notifications over the viewer.
  const problems = new Problems();
  const report = (title: string) => problems.report(title);

  const models = new ModelService({
    client,
    runtime: {
      wasmPaths: config.ortWasmPaths ?? DEFAULT_ORT_WASM_PATHS,
      executionProviders: config.executionProviders ?? ['webgpu', 'wasm'],
    },
    onError: report(MODEL_PROBLEM),
  });
  const overlay = createObservable({ heatMap: false, opacity: 0.5 });
  const heatMapOn = createObservable(false);
  overlay.subscribe((o) => heatMapOn.set(o.heatMap));
  const analysis = new FrameAnalysis({
    scorer: new FrameScorer({ readInstance: createWadoInstanceReader(viewer) }),
    model: models.model,
    viewer,
    heatMapOn,
    onError: report(SCORE_PROBLEM),
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
  const screen = new ScreenCaseTracker({ client, worklist, displayedFrame: viewer.displayedFrame });
  const undone = createObservable<PendingLabel | null>(null);
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

  const refreshProgress = async () => {
    try {
      const latest = await client.progress();
      progress.set(latest);
      curve.set(learningCurve(latest));
      problems.clear(PROGRESS_PROBLEM);
    } catch (error) {
      if (!(error instanceof TrainerApiError && error.status === 404)) report(PROGRESS_PROBLEM)(error);
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
      background('The training status could not be read', refreshTraining);
    }, TRAINING_POLL_MS);
  };
  const background = (title: string, work: () => Promise<unknown>) => problems.track(title, work);

  const onEvent = <E extends keyof TrainerEvents>(name: E, payload: TrainerEvents[E]) => {
    if (name === 'model.published') {
      const { version, sha256 } = payload as TrainerEvents['model.published'];
      background(MODEL_PROBLEM, () => models.use({ version, sha256 }));
      void refreshProgress();
    } else if (name === 'worklist.changed') {
      background('The worklist could not be refreshed', () => worklist.refresh());
      void refreshProgress();
    } else if (name === 'training.progress') {
      const { job } = payload as TrainerEvents['training.progress'];
      training.set({ ...training.get(), status: job.status, progress: job.progress, message: job.message });
      watchTraining();
    }
  };

  // The list is refilled ahead, in the background, so the next case is there when a label moves on; only
  // an empty list waits for the server. With none left, the worklist itself says so.
  const nextCase = async () => {
    const current = screen.current.get()?.candidateId;
    const pick = () => worklist.state.get().cases.find((c) => c.candidateId !== current);
    if (worklist.isLow()) {
      const refill = worklist.refresh();
      if (pick() === undefined) await refill;
      else background('The worklist could not be refreshed', () => refill);
    }
    const next = pick();
    if (next !== undefined) await viewer.open(next);
  };

  return {
    model: models.model,
    score: analysis.score,
    heatMap: analysis.heatMap,
    strip: analysis.strip,
    worklist: worklist.state,
    screen: screen.state,
    currentCase: screen.current,
    undone,
    training,
    progress,
    curve,
    connection: queue.connection,
    lastLabel: queue.lastLabel,
    overlay,
    problems: problems.state,

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
      // A frame opened a moment ago may still be being looked up: its answer decides.
      await screen.settled();
      const c = screen.current.get();
      // Not a candidate: the panel says so in place, as long as that image is on screen.
      if (c === null) return;
      await queue.enqueue({ candidateId: c.candidateId, value, ...(note === undefined ? {} : { note }) });
      undone.set(null);
      worklist.markLabeled(c);
      await nextCase();
    },
    async undo() {
      const taken = await queue.undo();
      if (taken === null) return;
      undone.set(taken);
      // The server leases the case back to its reader: refresh the list, put the case back, and show it.
      await worklist.refresh();
      const back = worklist.restore(taken.candidateId) ?? worklist.get(taken.candidateId);
      if (back !== undefined) await viewer.open(back);
      await screen.settled();
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
        screen.follow(),
        // A score failure is about one image: it goes with a new score or another image on screen.
        analysis.score.subscribe((score) => {
          if (score !== null) problems.clear(SCORE_PROBLEM);
        }),
        viewer.displayedFrame.subscribe(() => problems.clear(SCORE_PROBLEM)),
        models.model.subscribe((model) => {
          if (model !== null) problems.clear(MODEL_PROBLEM);
        }),
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
          background('Catching up after a reconnect failed', () =>
            Promise.all([models.start(), worklist.refresh(), refreshTraining()]),
          );
          void refreshProgress();
        },
      });
      await Promise.all([models.start(), worklist.refresh(), refreshTraining(), refreshProgress()]);
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
