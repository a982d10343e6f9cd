// Shared fixtures for the store tests: real SQLite files in a temp folder, a clock the test moves by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Actor, CandidateRef, CandidateScore, Store } from '../../../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';

export const T0 = Date.parse('2026-11-25T12:00:00.000Z');

export class ManualClock {
  constructor(public ms = T0) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aift-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface OpenedStore {
  readonly store: Store;
  readonly file: string;
  readonly clock: ManualClock;
}

/** Opens a store on a new file; it is closed when the test file ends. */
export function openTempStore(clock = new ManualClock()): OpenedStore {
  const file = join(tempDir(), 'aift.sqlite');
  const store = openSqliteStore(file, { clock: clock.now });
  after(() => store.close());
  return { store, file, clock };
}

export const ref = (i: number, frame = 1): CandidateRef => ({
  studyInstanceUid: `1.2.826.0.1.3680043.8.498.${1000 + Math.floor(i / 10)}`,
  seriesInstanceUid: `1.2.826.0.1.3680043.8.498.${1000 + Math.floor(i / 10)}.1`,
  sopInstanceUid: `1.2.826.0.1.3680043.8.498.${1000 + Math.floor(i / 10)}.1.${i}`,
  frame,
  modality: 'CR',
});

/** Registers candidates 0..n-1 and returns their ids. */
export function seedCandidates(store: Store, n: number): string[] {
  const refs = Array.from({ length: n }, (_, i) => ref(i));
  store.candidates.registerMany(refs);
  return refs.map((r) => candidateId(r));
}

export const admin: Actor = { name: 'admin', role: 'admin' };
export const annotator = (name: string): Actor => ({ name, role: 'annotator' });

export const SHA = 'a'.repeat(64);

/** Registers model `version` (latest) and scores every id with worthiness from `worthiness(i)`. */
export function seedModel(
  store: Store,
  version: string,
  ids: readonly string[],
  worthiness = (i: number) => i,
): void {
  store.models.register({ version, parent: null, sha256: SHA, metrics: {}, modelCard: {} }, admin);
  store.scores.replaceForVersion(
    version,
    ids.map((id, i) => score(id, worthiness(i))),
    admin,
  );
}

export const score = (candidateId: string, worthiness: number): CandidateScore => ({
  candidateId,
  worthiness,
  entropy: 0.5,
  diversity: 0.1,
  predictedClass: 'pneumonia',
  probability: 0.7,
});
