// An AiftServices bundle holding plain values in real observables (the services' own createObservable). Its
// methods only record that a component called them: the tests check what the components ask for, and change
// the values through `set` to see the components follow.
import { createObservable } from '../../../extension/src/services/observable.js';
import type { WritableObservable } from '../../../extension/src/services/observable.js';
import type {
  AiftServices,
  ConnectionState,
  CurvePoint,
  FrameScore,
  HeatMap,
  LoadedModel,
  PendingLabel,
  Problem,
  ProjectProgress,
  Ranking,
  ScreenCase,
  SeriesStrip,
  TrainingProgress,
  WorklistCase,
} from '../../../extension/src/services/types.js';

export interface PlainValues {
  readonly classes: readonly string[];
  readonly model: LoadedModel | null;
  readonly score: FrameScore | null;
  readonly heatMap: HeatMap | null;
  readonly strip: SeriesStrip | null;
  readonly worklist: {
    readonly modelVersion: string | null;
    readonly ranking: Ranking | null;
    readonly cases: readonly WorklistCase[];
  };
  /** The image on screen; `currentCase` follows it, as the services derive it. */
  readonly screen: ScreenCase;
  readonly undone: PendingLabel | null;
  readonly training: TrainingProgress;
  readonly progress: ProjectProgress | null;
  readonly curve: readonly CurvePoint[];
  readonly connection: ConnectionState;
  readonly lastLabel: PendingLabel | null;
  readonly overlay: { readonly heatMap: boolean; readonly opacity: number };
  readonly problems: readonly Problem[];
}

type Observables = {
  readonly [K in Exclude<keyof PlainValues, 'classes'>]: WritableObservable<PlainValues[K]>;
} & { readonly currentCase: WritableObservable<WorklistCase | null> };

export interface ServiceCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface PlainServices {
  readonly services: AiftServices;
  /** The observables' write side. */
  readonly set: Observables;
  /** Every method call, in order. */
  readonly calls: ServiceCall[];
}

export function plainServices(values: PlainValues): PlainServices {
  const set: Observables = {
    model: createObservable(values.model),
    score: createObservable(values.score),
    heatMap: createObservable(values.heatMap),
    strip: createObservable(values.strip),
    worklist: createObservable(values.worklist),
    screen: createObservable(values.screen),
    currentCase: createObservable(values.screen.status === 'candidate' ? values.screen.case : null),
    undone: createObservable(values.undone),
    training: createObservable(values.training),
    progress: createObservable(values.progress),
    curve: createObservable(values.curve),
    connection: createObservable(values.connection),
    lastLabel: createObservable(values.lastLabel),
    overlay: createObservable(values.overlay),
    problems: createObservable(values.problems),
  };
  set.screen.subscribe((s) => set.currentCase.set(s.status === 'candidate' ? s.case : null));
  const calls: ServiceCall[] = [];
  const record = (method: string, args: readonly unknown[]) => void calls.push({ method, args });
  const services: AiftServices = {
    ...set,
    classes: () => values.classes,
    nextCase: () => Promise.resolve(record('nextCase', [])),
    releaseCases: () => Promise.resolve(record('releaseCases', [])),
    openCase: (...args) => Promise.resolve(record('openCase', args)),
    label: (...args) => Promise.resolve(record('label', args)),
    undo: () => Promise.resolve(record('undo', [])),
    toggleHeatMap: (...args) => record('toggleHeatMap', args),
    setOpacity: (...args) => record('setOpacity', args),
    jumpToFrame: (...args) => record('jumpToFrame', args),
  };
  return { services, set, calls };
}
