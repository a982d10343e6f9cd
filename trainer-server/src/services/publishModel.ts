import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { exportClassifierToOnnx } from '../engine/onnx/index.js';
import { writeModelVersion } from '../registry/writeModelVersion.js';
import type { JsonObject, Store } from '../store/ports.js';
import { buildModelCard } from './buildModelCard.js';
import type { ModelCardFacts } from './buildModelCard.js';
import { TRAINER } from './trainerActor.js';

export interface PublishTarget {
  readonly store: Pick<Store, 'models'>;
  readonly registryDir: string;
  readonly exportClassifier: typeof exportClassifierToOnnx;
}

export interface PublishedModel {
  readonly version: string;
  readonly parent: string | null;
  readonly sha256: string;
}

/**
 * Exports the whole classifier, writes it with its card as the next version, then registers it with the
 * consensus `labels` it was trained from, which moves `latest`: a failure before the registration leaves
 * `latest` where it was.
 */
export function publishModel(
  target: PublishTarget,
  labels: ReadonlyMap<string, string>,
  facts: Omit<ModelCardFacts, 'version' | 'parentVersion'>,
): PublishedModel {
  const { store, registryDir } = target;
  const parent = store.models.latest()?.version ?? null;
  const version = nextVersion(target);
  const card = buildModelCard({ ...facts, version, parentVersion: parent });
  const onnx = target.exportClassifier(facts.embedder.backbone.model, facts.head);
  const { sha256 } = writeModelVersion(registryDir, onnx, card);
  const json = JSON.parse(JSON.stringify(card)) as JsonObject;
  const metrics = (json['metrics'] as JsonObject | null) ?? {};
  store.models.register({ version, parent, sha256, metrics, modelCard: json, labels }, TRAINER);
  return { version, parent, sha256 };
}

/** v0001, v0002, ...: the first number neither registered nor left on disk by an interrupted publish. */
function nextVersion({ store, registryDir }: PublishTarget): string {
  const name = (n: number) => `v${String(n).padStart(4, '0')}`;
  let n = store.models.list().length + 1;
  while (store.models.get(name(n)) || existsSync(join(registryDir, 'versions', name(n)))) n++;
  return name(n);
}
