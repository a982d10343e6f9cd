// A typed client for the trainer server's HTTP API. Its types come from @aift/contract, the wire both sides
// share; nothing of trainer-server reaches the browser.
import type {
  CandidateLookupDto,
  LabelDto,
  LatestModelDto,
  ModelListDto,
  StrategyListDto,
  StudyMarksDto,
  TrainingStatusDto,
  WorklistDto,
} from '@aift/contract';
import type { FrameRef, ProjectProgress } from './types.js';

/** The server answered with a non-2xx status; `message` is the server's own. */
export class TrainerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'TrainerApiError';
  }
}

/** No answer at all (connection refused, reset, DNS): worth retrying, unlike most API errors. */
export class TrainerUnreachableError extends Error {
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`the trainer server at ${url} cannot be reached`, options);
    this.name = 'TrainerUnreachableError';
  }
}

/** Whether a failed call may succeed when sent again unchanged: no answer, or a 5xx/408/429. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TrainerUnreachableError) return true;
  return error instanceof TrainerApiError && (error.status >= 500 || [408, 429].includes(error.status));
}

export interface TrainerClientOptions {
  /** The API root, e.g. '/api' or 'http://127.0.0.1:8080/api'. */
  readonly baseUrl: string;
  /** Called before every request: the Authorization header (it may change as OIDC tokens refresh). */
  readonly headers: () => Record<string, string> | Promise<Record<string, string>>;
}

export interface NewLabel {
  readonly candidateId: string;
  readonly value: string;
  readonly note?: string;
  readonly idempotencyKey: string;
}

export type TrainerClient = ReturnType<typeof createTrainerClient>;

export function createTrainerClient({ baseUrl, headers }: TrainerClientOptions) {
  const root = baseUrl.replace(/\/+$/, '');
  const url = (path: string) => `${root}${path}`;

  /** `auth` replaces the headers() of this one request. */
  async function send(
    method: string,
    path: string,
    body?: unknown,
    auth?: Record<string, string>,
  ): Promise<Response> {
    const target = url(path);
    const init: RequestInit = { method, headers: { ...(auth ?? (await headers())) } };
    if (body !== undefined) {
      init.headers = { ...init.headers, 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(target, init);
    } catch (cause) {
      throw new TrainerUnreachableError(target, { cause });
    }
    if (!response.ok) throw new TrainerApiError(response.status, await errorMessage(response), target);
    return response;
  }
  const json = async <T>(
    method: string,
    path: string,
    body?: unknown,
    auth?: Record<string, string>,
  ): Promise<T> => (await (await send(method, path, body, auth)).json()) as T;

  return {
    /** The API root the client calls, for the event stream. */
    baseUrl: root,
    /** The headers every request carries. */
    headers,
    latestModel: () => json<LatestModelDto>('GET', '/models/latest'),
    models: () => json<ModelListDto>('GET', '/models'),
    modelCardUrl: (version: string) => url(`/models/${encodeURIComponent(version)}/model-card.json`),
    modelUrl: (version: string) => url(`/models/${encodeURIComponent(version)}/model.onnx`),
    /** The card's JSON as stored; parseModelCard checks it against the contract. */
    modelCard: (version: string) =>
      json<unknown>('GET', `/models/${encodeURIComponent(version)}/model-card.json`),
    modelBytes: async (version: string) =>
      new Uint8Array(
        await (await send('GET', `/models/${encodeURIComponent(version)}/model.onnx`)).arrayBuffer(),
      ),
    /** Leases the next `n` worthiest cases to the caller (the server's batch size without `n`). */
    worklist: (n?: number) => json<WorklistDto>('GET', n === undefined ? '/worklist' : `/worklist?n=${n}`),
    /** The registered candidate of a frame, with the ranking version's scores; a 404 when it is none. */
    candidate: (frame: FrameRef) =>
      json<CandidateLookupDto>(
        'GET',
        `/candidates?${new URLSearchParams({
          studyInstanceUid: frame.studyInstanceUid,
          seriesInstanceUid: frame.seriesInstanceUid,
          sopInstanceUid: frame.sopInstanceUid,
          frame: String(frame.frame),
        }).toString()}`,
      ),
    /** What a study list marks on each of these studies for the caller (GET /api/study-marks). */
    studyMarks: (studyInstanceUids: readonly string[]) =>
      json<StudyMarksDto>(
        'GET',
        `/study-marks?${new URLSearchParams({ studyInstanceUids: studyInstanceUids.join(',') }).toString()}`,
      ),
    /** Gives leased cases back (all of the caller's without ids); returns how many. */
    releaseLeases: async (candidateIds?: readonly string[]) =>
      (
        await json<{ released: number }>(
          'DELETE',
          '/worklist/leases',
          candidateIds === undefined ? {} : { candidateIds },
        )
      ).released,
    /**
     * Stores a label; sent again with the same key it answers the label stored the first time. `auth`, when
     * given, is sent instead of headers(): the label queue sends with the very header it checked the user of.
     */
    postLabel: (label: NewLabel, auth?: Record<string, string>) =>
      json<LabelDto>('POST', '/labels', label, auth),
    /** Marks a label retracted (its annotator or an admin); the server keeps the row. `auth` as postLabel's. */
    retractLabel: (id: number, auth?: Record<string, string>) =>
      json<LabelDto>('DELETE', `/labels/${id}`, undefined, auth),
    trainingStatus: () => json<TrainingStatusDto>('GET', '/training'),
    progress: () => json<ProjectProgress>('GET', '/progress'),
    strategies: () => json<StrategyListDto>('GET', '/strategies'),
  };
}

/** The `message` of the server's JSON error body, else the status line. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: a proxy's page, say
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
