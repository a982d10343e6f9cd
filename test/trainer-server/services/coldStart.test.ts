// Before any label: the cold start publishes the pre-trained backbone with an untrained head and ranks the
// pool by robust k-center on its embeddings, so the first worklist covers the pool. Real Orthanc, store, engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRng, robustKCenter } from '@aift/selection-core';
import type { ModelCard } from '../../../trainer-server/src/engine/modelCard.js';
import { WorklistService } from '../../../trainer-server/src/services/WorklistService.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { admin, alice, bob, buildServices, discStudy, idOf, label } from './support.js';
import type { Services } from './support.js';

describe('cold start', () => {
  let orthanc: RunningOrthanc;
  let s: Services;

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(12));
    s = await buildServices(orthanc);
    await s.pool.register();
  });
  after(async () => {
    await (s as Services | undefined)?.close();
    await (orthanc as RunningOrthanc | undefined)?.stop();
  });

  it('publishes an untrained v0001 and stores robust k-center ranks as worthiness', async () => {
    const job = await s.training.startColdStart(admin).done;
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(s.store.models.latest()?.version, 'v0001');
    const card = s.store.models.get('v0001')?.modelCard as unknown as ModelCard;
    assert.equal(card.training.round, 0);
    assert.deepEqual(card.training.labeledPerClass, [0, 0]);
    assert.equal(card.metrics, null);
    assert.deepEqual(card.coldStart, { method: 'robust-kcenter', outlierShare: 0.2 });
    const worth = Array.from({ length: 12 }, (_, i) => s.store.scores.get('v0001', idOf(i))?.worthiness);
    assert.ok(worth.every((w) => w !== undefined));
    // The same robust k-center order (the most isolated fifth last), recomputed here on the plain-image embeddings: rank r -> (12 - r) / 12.
    const dim = s.embedder.embeddingSize;
    const data = new Float32Array(12 * dim);
    for (let i = 0; i < 12; i++) {
      const candidate = s.store.candidates.get(idOf(i))!;
      data.set((await s.embedder.embed(candidate)).subarray(0, dim), i * dim);
    }
    const order = Array.from(robustKCenter({ data, count: 12, dim }, 12));
    assert.deepEqual(
      order.map((i) => worth[i]),
      order.map((_, r) => (12 - r) / 12),
    );
  });

  it('serves disjoint worklists from the cold-start ranks, in pick order even with omega > 1', () => {
    const greedy = new WorklistService({ store: s.store, rng: createRng(1), omega: 1 });
    const first = greedy.next('carol', 2).leases;
    assert.deepEqual(
      first.map((l) => l.worthiness),
      [1, 11 / 12],
    );
    assert.equal(greedy.release('carol', [first[0]!.candidateId, first[1]!.candidateId]), 2);
    // s.worklist draws with omega 2 under a trained model; a cold start's picks are served as they come.
    const forAlice = s.worklist.next('alice', 4).leases;
    const forBob = s.worklist.next('bob', 4).leases;
    assert.deepEqual(
      forAlice.map((l) => l.worthiness),
      [12, 11, 10, 9].map((r) => r / 12),
      'alice was not served the first four picks',
    );
    assert.deepEqual(
      forBob.map((l) => l.worthiness),
      [8, 7, 6, 5].map((r) => r / 12),
      'bob was not served the next four picks',
    );
    const ids = new Set(forAlice.map((l) => l.candidateId));
    assert.ok(forBob.every((l) => !ids.has(l.candidateId)));
  });

  it('refuses a second cold start, and the first trained model descends from the cold start', async () => {
    const refused = await s.training.startColdStart(admin).done;
    assert.equal(refused.status, 'failed');
    assert.match(refused.error ?? '', /^RangeError: a cold start needs an empty registry, but v0001/);
    for (let i = 0; i < 12; i++) label(s.store, i % 3 ? alice : bob, i);
    const job = await s.training.maybeTrain(admin)?.done;
    assert.equal(job?.status, 'succeeded', job?.error ?? 'maybeTrain did not start at 12 labels');
    const card = s.store.models.get('v0002')?.modelCard as unknown as ModelCard;
    assert.equal(card.parentVersion, 'v0001');
    assert.equal(card.training.round, 1);
    assert.equal(s.store.scores.count('v0002'), 0, 'every candidate is labeled: nothing left to score');
  });
});
