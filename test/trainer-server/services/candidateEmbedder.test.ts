// The default backbone (nsfwjs MobileNetV2) embeds a frame served by a real Orthanc, and the cache answers
// the second time without the PACS.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import { DicomWebImageSource } from '../../../trainer-server/src/pacs/DicomWebImageSource.js';
import { CandidateEmbedder } from '../../../trainer-server/src/services/CandidateEmbedder.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { discStudy, idOf, sopOf, tinyBackbone } from './support.js';

describe('CandidateEmbedder', () => {
  let orthanc: RunningOrthanc;
  const dir = mkdtempSync(join(tmpdir(), 'aift-embedder-'));
  const candidate = {
    id: idOf(0),
    studyInstanceUid: '2.25.500',
    seriesInstanceUid: '2.25.500.1',
    sopInstanceUid: sopOf(0),
    frame: 1,
    modality: 'OT',
    registeredAt: new Date(0),
  };

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(1));
  });
  after(async () => {
    await (orthanc as RunningOrthanc | undefined)?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('embeds with the default MobileNetV2, then reads the cache when the PACS is gone', async () => {
    const source = new DicomWebImageSource({ url: orthanc.dicomWebRoot, timeoutMs: 5_000 });
    const plan = buildPlan({ ...PLAN_PRESETS.dihedral, patches: 2 });
    const options = { source, cacheDir: dir, plan, fit: 'letterbox' as const };
    const embedder = await CandidateEmbedder.create(options);
    assert.equal(embedder.embeddingSize, 1280);
    const first = await embedder.embed(candidate);
    assert.equal(first.length, 2 * 1280);
    assert.ok(first.every(Number.isFinite) && first.some((v) => v !== 0));
    await orthanc.stop();
    assert.deepEqual(await embedder.embed(candidate), first);
    await embedder.release();
  });

  it('refuses a custom backbone without a version for the cache key', async () => {
    const backbone = tinyBackbone();
    const plan = buildPlan(PLAN_PRESETS.identity);
    await assert.rejects(
      CandidateEmbedder.create({
        source: { fetchFrame: () => Promise.reject(new Error('not called')) },
        cacheDir: dir,
        plan,
        fit: 'letterbox',
        backbone,
      }),
      /a custom backbone needs a backboneVersion/,
    );
    backbone.model.dispose();
  });
});
