// The contract between the extension's services (logic, state, I/O) and its React components (render
// only). Components receive an AiftServices bundle and subscribe to changes; they never fetch or compute.
import type { ModelCard, ProgressDto, RankingDto } from '@aift/contract';
import type { ScoringRule } from '@aift/selection-core';

/**
 * What `window.config.aift` may set (app-config.js); everything has a default. Every browser that loads
 * the page reads it, so it holds no credential: readers sign in (ohif/readerSignIn.tsx).
 */
export interface AiftViewerConfig {
  /** Base URL of the trainer API, ending before `/api`-relative paths; default '/api' (same origin). */
  readonly trainerUrl?: string;
  /** Where onnxruntime-web's .wasm/.mjs files are served; default '/aift/ort/'. */
  readonly ortWasmPaths?: string;
  /** 'webgpu' first when the browser has it, else 'wasm'; default ['webgpu', 'wasm']. */
  readonly executionProviders?: readonly ('webgpu' | 'wasm')[];
  /** How many worthy cases to lease at a time; default the server's batch size. */
  readonly worklistSize?: number;
}

/** One frame of one instance, as the viewer displays it. `frame` is 1-based, as in DICOM. */
export interface FrameRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frame: number;
}

/** A graph input or output as the card lists it; `role` is absent on cards written before roles. */
export type CardTensor = ModelCard['onnx']['inputs'][number];

/** A published model card whose scoring rule names a strategy of this build's selection core. */
export type BrowserModelCard = ModelCard & { readonly scoring: ScoringRule };

/** A model ready to run: its card and an onnxruntime-web session. */
export interface LoadedModel {
  readonly version: string;
  readonly card: BrowserModelCard;
  /**
   * Which execution provider the session runs on, with how many WASM threads, and whether it runs in
   * onnxruntime-web's proxy worker (off the page's main thread).
   */
  readonly backend: {
    readonly provider: 'webgpu' | 'wasm';
    readonly threads: number;
    readonly proxy: boolean;
  };
  /** Whether its graph gives the per-region map the heat map draws (versions published before it do not). */
  readonly cellMap: boolean;
}

/** A frame's scores under one model version: the numbers the badge shows. */
export interface FrameScore {
  readonly frame: FrameRef;
  readonly modelVersion: string;
  readonly predictedClass: string;
  readonly probability: number;
  /** Mean probability per class over the plan's patches, in card.classes order. */
  readonly classProbabilities: readonly number[];
  readonly entropy: number;
  readonly diversity: number;
  readonly worthiness: number;
  /** Patches run (the plan's m). */
  readonly patches: number;
  readonly millis: number;
}

/**
 * The model's uncertainty per region of the image: the cells of the backbone's last feature map, which
 * tile the model-input square evenly (7 x 7 at 224 px for MobileNetV2), row-major.
 */
export interface HeatMap {
  readonly frame: FrameRef;
  readonly modelVersion: string;
  readonly columns: number;
  readonly rows: number;
  /** Entropy of the head's prediction on each cell's features, divided by log(classes): in [0, 1]. */
  readonly values: Float32Array;
  /** Where the image sits inside the model-input square (letterbox), as fractions: x, y, width, height. */
  readonly imageBox: readonly [number, number, number, number];
}

/** Per-frame worthiness of a stack or multi-frame series, filled in progressively. */
export interface SeriesStrip {
  readonly seriesInstanceUid: string;
  readonly modelVersion: string;
  /** One per frame in display order; NaN while not yet scored. */
  readonly worthiness: Float64Array;
  readonly frames: readonly FrameRef[];
}

/** What orders the server's cases: worthiness, or a cold start's pick order (RankingDto). */
export type Ranking = RankingDto;

/**
 * A registered candidate with the server's scores under `modelVersion` (WorklistItemDto / CandidateCaseDto
 * in @aift/contract's API schemas): leased from the worklist, or looked up because it is on screen.
 */
export interface WorklistCase extends FrameRef {
  readonly candidateId: string;
  readonly modality: string;
  /** The version whose scores these are, and what its order means. */
  readonly modelVersion: string | null;
  readonly ranking: Ranking | null;
  /** Null when the server holds no score of it under that version (labeled cases are not rescored). */
  readonly worthiness: number | null;
  /** Under a cold start: its place in the pick order (1 = first); else null. */
  readonly pick: number | null;
  readonly entropy: number | null;
  readonly diversity: number | null;
  readonly predictedClass: string | null;
  readonly probability: number | null;
}

/** A label as the annotator gave it; `value` is a class, 'skip' or 'unsure'. */
export interface PendingLabel {
  readonly idempotencyKey: string;
  readonly candidateId: string;
  readonly value: string;
  readonly note?: string;
  readonly createdAt: string;
  /** Set once the server acknowledged it (its label id), so undo can retract it. */
  readonly serverId?: number;
}

export interface TrainingProgress {
  readonly status: 'idle' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** In [0, 1]. */
  readonly progress: number;
  readonly message: string | null;
  /** Consensus labels new since the last published model. */
  readonly newLabels: number;
}

/** Counts and the learning curve for the panel (GET /api/progress). */
export type ProjectProgress = ProgressDto;

/** One point of the learning curve: a published version and its AUC on the blind audit sample. */
export interface CurvePoint {
  readonly version: string;
  readonly createdAt: string;
  /** Labels that trained it (audit labels never do). */
  readonly labeled: number;
  /** The untrained cold-start version. */
  readonly coldStart: boolean;
  readonly metricName: string;
  /** Its audited AUC; null while there are too few audit labels (`unavailable` says why). */
  readonly metric: number | null;
  /** The metric's 95% interval. */
  readonly interval: { readonly low: number; readonly high: number } | null;
  /** Audit labels the metric rests on. */
  readonly auditImages: number;
  readonly unavailable: string | null;
}

/**
 * What the image on screen is to the labeling: nothing shown, being looked up, a registered candidate (it
 * can be labeled, however it was opened), not a candidate, or unknown because the lookup failed.
 */
export type ScreenCase =
  | { readonly status: 'nothing' }
  | { readonly status: 'checking'; readonly frame: FrameRef }
  | {
      readonly status: 'candidate';
      readonly frame: FrameRef;
      readonly case: WorklistCase;
      /** The reader's current answer on a case looked up by its UIDs (a worklist case has none). */
      readonly yourAnswer?: string;
    }
  | { readonly status: 'not-candidate'; readonly frame: FrameRef }
  | { readonly status: 'failed'; readonly frame: FrameRef; readonly error: string };

/** Something that failed and has not worked since: what (`title`) and the error's message. */
export interface Problem {
  readonly title: string;
  readonly message: string;
}

/** A value that changes over time; components subscribe and re-render. */
export interface Observable<T> {
  get(): T;
  /** Returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
}

export interface ConnectionState {
  readonly online: boolean;
  /** The signed-in user's labels waiting in the durable queue (IndexedDB) to be sent. */
  readonly queued: number;
  /** Labels another user made on this browser: they stay queued until that user signs in again. */
  readonly heldForOtherUser: number;
  /** Labels queued before the queue recorded who made them: kept, never sent automatically. */
  readonly heldFromUnknownUser: number;
  readonly lastError: string | null;
}

/** Everything the React components may read or call. */
export interface AiftServices {
  readonly model: Observable<LoadedModel | null>;
  readonly score: Observable<FrameScore | null>;
  readonly heatMap: Observable<HeatMap | null>;
  readonly strip: Observable<SeriesStrip | null>;
  readonly worklist: Observable<{
    readonly modelVersion: string | null;
    readonly ranking: Ranking | null;
    /** Sorted by the number the list shows (worthiness, or cold-start pick), first to label first. */
    readonly cases: readonly WorklistCase[];
  }>;
  /** What the image on screen is: a candidate (from the worklist or anywhere else), or why it is not. */
  readonly screen: Observable<ScreenCase>;
  /** The registered candidate on screen, however it was opened; null otherwise (derived from `screen`). */
  readonly currentCase: Observable<WorklistCase | null>;
  /** The label last taken back by undo, until the next label: its case is back on screen to choose again. */
  readonly undone: Observable<PendingLabel | null>;
  readonly training: Observable<TrainingProgress>;
  readonly progress: Observable<ProjectProgress | null>;
  readonly curve: Observable<readonly CurvePoint[]>;
  readonly connection: Observable<ConnectionState>;
  readonly lastLabel: Observable<PendingLabel | null>;
  readonly overlay: Observable<{ readonly heatMap: boolean; readonly opacity: number }>;
  /** What fails now (loading the model, scoring the image, a refresh); each goes when it works again. */
  readonly problems: Observable<readonly Problem[]>;

  /** The project's classes (the latest model's, else the server's configuration). */
  classes(): readonly string[];
  /** Opens the next case of the worklist (refilled ahead, in the background, when it runs low). */
  nextCase(): Promise<void>;
  /** Gives every case this reader holds back to the pool (on sign-out, so the next reader gets them). */
  releaseCases(): Promise<void>;
  /** Opens this case (from the list) in the viewer. */
  openCase(candidateId: string): Promise<void>;
  /** Labels the candidate on screen, through the durable queue, then opens the next worklist case. */
  label(value: string, note?: string): Promise<void>;
  /**
   * Takes back the last label (removed from the queue if unsent, else retracted on the server) and brings
   * its case back on screen, with the answer taken back in `undone`.
   */
  undo(): Promise<void>;
  toggleHeatMap(on?: boolean): void;
  setOpacity(opacity: number): void;
  /** Displays frame `index` (0-based) of the strip's series in the active viewport. */
  jumpToFrame(index: number): void;
}

/**
 * What the services need from the viewer they run in; the OHIF adapter (extension/src/ohif/) implements it,
 * so no service touches an OHIF API.
 */
export interface ViewerPort {
  /** The frame on screen in the active viewport; null when nothing is displayed. */
  readonly displayedFrame: Observable<FrameRef | null>;
  /** Every frame of a displayed series, in display order (instances of a stack, or frames of a multi-frame). */
  seriesFrames(seriesInstanceUid: string): readonly FrameRef[];
  /** Loads the frame's study if needed and shows that frame in the active viewport. */
  open(frame: FrameRef): Promise<void>;
  /** Shows another frame of the series already on screen. */
  jumpTo(frame: FrameRef): void;
  /** The WADO-RS root of the active data source (e.g. '/dicom-web'). */
  wadoRoot(): string;
  /** Headers for the PACS and the trainer: the signed-in reader's Authorization (token or OIDC). */
  authorizationHeader(): Record<string, string>;
  /** A short message to the user (OHIF's notification). */
  notify(message: { title: string; message: string; type: 'info' | 'success' | 'warning' | 'error' }): void;
}
