// FAULT: the PACS fails while a training job reads pixels from it: 503s, no answer at all (a hang ended
// by the client's timeout, AIFT_DICOMWEB_TIMEOUT_MS), multipart bodies cut in half, connections closed
// without an answer. A proxy in front of a real Orthanc switches between these; the embedding cache is
// emptied before each run so the job must fetch every frame again.
// GUARANTEE: each job fails with a stored error naming the PACS problem, no model is published from the
// partial pixels (`latest` and the registry unchanged, still served whole), every label stays stored, and
// once the PACS is back the next training run publishes.
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { discStudy } from '../trainer-server/services/support.js';
import { startPacsProxy } from './pacsProxy.js';
import type { PacsMode, PacsProxy } from './pacsProxy.js';
import {
  assertServedModelsIntact,
  exportedLabels,
  labelDiscs,
  latestModel,
  newDataDir,
  registerPool,
  trackedTrainers,
  train,
} from './support.js';
import type { Tokens } from './support.js';

const TIMEOUT_MS = 1500;

/** Each failure and what the job's stored error must say about it. */
const FAULTS: readonly { mode: Exclude<PacsMode, 'pass'>; error: RegExp }[] = [
  { mode: 'unavailable', error: /^PacsHttpError: PACS answered HTTP 503 Service Unavailable: http:\/\/127/ },
  { mode: 'hang', error: new RegExp(`^PacsTimeoutError: PACS did not answer within ${TIMEOUT_MS} ms: http`) },
  { mode: 'truncate', error: /^PacsResponseError: unusable PACS response \(.+\): http/ },
  { mode: 'down', error: /^Pacs\w*Error: (PACS unreachable|unusable PACS response)/ },
];

describe('the PACS failing during training', () => {
  let orthanc: RunningOrthanc;
  let proxy: PacsProxy;
  let dataDir: string;
  let tokens: Tokens;
  const trainers = trackedTrainers();

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    proxy = await startPacsProxy(orthanc.url);
    ({ dataDir, tokens } = newDataDir('pacs-faults'));
  });
  after(async () => {
    await trainers.killAll();
    await proxy?.close();
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails each job naming the PACS problem, publishes nothing, and trains once the PACS is back', async () => {
    const server = await trainers.start(dataDir, proxy.dicomWebRoot, {
      AIFT_DICOMWEB_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const annotator = tokens.annotators[0]!;
    await registerPool(server.url, tokens.admin);
    await labelDiscs(server.url, annotator, 0, 16);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    const previous = await latestModel(server.url, annotator);

    let labeled = 16;
    const stored: string[] = [];
    for (const { mode, error } of FAULTS) {
      // A new label makes the run a real one; an empty cache makes it read the PACS.
      await labelDiscs(server.url, annotator, labeled, ++labeled);
      rmSync(join(dataDir, 'embeddings'), { recursive: true, force: true });
      proxy.mode = mode;
      const job = await train(server.url, tokens.admin);
      proxy.mode = 'pass';
      assert.equal(job.status, 'failed', `${mode}: the job ${job.status}`);
      assert.match(job.error ?? '', error, `${mode}: ${job.error}`);
      assert.ok(proxy.counts[mode] > 0, `${mode}: the PACS was not asked`);
      stored.push(`${mode} -> ${job.error}`);
      const latest = await latestModel(server.url, annotator);
      assert.equal(latest.version, previous.version, `${mode}: a model was published`);
      assert.equal(latest.sha256, previous.sha256);
      assert.deepEqual(readdirSync(join(dataDir, 'models', 'versions')), [previous.version]);
      assert.equal((await exportedLabels(server.url, tokens.admin)).length, labeled);
    }
    await assertServedModelsIntact(server.url, annotator);
    console.log(`PACS faults, stored job errors:\n  ${stored.join('\n  ')}`);

    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    assert.equal((await latestModel(server.url, annotator)).version, 'v0002');
    await assertServedModelsIntact(server.url, annotator);
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  });
});
