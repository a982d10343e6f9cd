// FAULT: a crash in the middle of writeModelVersion, constructed exactly: the registry holds what a kill
// leaves at each of its steps (an empty temp folder, a temp folder with a half-written model.onnx, a full
// temp folder not yet renamed, a version folder renamed but never registered) plus a hand-made version
// folder with a truncated model.onnx and no card. publishKill.test.ts kills a real publish; this covers
// every step deterministically.
// GUARANTEE: at start-up the temp folders are removed, the unregistered folders are reported in the log,
// never listed and never served (404), `latest` stays the registered version and is served whole, and the
// next training run publishes under a new version name that none of the leftovers holds.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { call } from '../trainer-server/api/support.js';
import { discStudy } from '../trainer-server/services/support.js';
import {
  assertServedModelsIntact,
  fetchModel,
  labelDiscs,
  latestModel,
  newDataDir,
  registerPool,
  trackedTrainers,
  train,
  versionDir,
} from './support.js';
import type { Tokens } from './support.js';

describe('the leftovers of a publish interrupted at each step', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let tokens: Tokens;
  const trainers = trackedTrainers();
  const start = () => trainers.start(dataDir, orthanc.dicomWebRoot);

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    ({ dataDir, tokens } = newDataDir('crash-states'));
    const server = await start();
    await registerPool(server.url, tokens.admin);
    await labelDiscs(server.url, tokens.annotators[0]!, 0, 16);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    await server.kill('SIGTERM');
  });
  after(async () => {
    await trainers.killAll();
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('removes the temp folders, never lists or serves the partial versions, and publishes past them', async () => {
    const models = join(dataDir, 'models');
    const published = versionDir(dataDir, 'v0001');
    const onnx = readFileSync(join(published, 'model.onnx'));
    const card = JSON.parse(readFileSync(join(published, 'model-card.json'), 'utf8')) as object;
    const cardOf = (version: string) => `${JSON.stringify({ ...card, version }, null, 2)}\n`;
    // After mkdir of the temp folder; during the ONNX write; before the rename.
    mkdirSync(join(models, '.incoming-v0002-000000'));
    mkdirSync(join(models, '.incoming-v0002-111111'));
    writeFileSync(join(models, '.incoming-v0002-111111', 'model.onnx'), onnx.subarray(0, onnx.length >> 1));
    cpSync(published, join(models, '.incoming-v0002-222222'), { recursive: true });
    writeFileSync(join(models, '.incoming-v0002-222222', 'model-card.json'), cardOf('v0002'));
    // After the rename, before the store registered it.
    cpSync(join(models, '.incoming-v0002-222222'), versionDir(dataDir, 'v0002'), { recursive: true });
    // Not something writeModelVersion leaves, but a folder a person could: truncated ONNX, no card.
    mkdirSync(versionDir(dataDir, 'v0003'));
    writeFileSync(join(versionDir(dataDir, 'v0003'), 'model.onnx'), onnx.subarray(0, 1000));

    const server = await start();
    assert.deepEqual(readdirSync(models).sort(), ['versions']);
    assert.match(server.output(), /"unregistered":\["v0002","v0003"\].*never registered/);
    const annotator = tokens.annotators[0]!;
    const list = await assertServedModelsIntact(server.url, annotator);
    assert.deepEqual(
      list.versions.map((v) => v.version),
      ['v0001'],
    );
    assert.equal(list.latest, 'v0001');
    for (const version of ['v0002', 'v0003']) {
      assert.equal((await fetchModel(server.url, annotator, version)).status, 404);
      const cardReply = await call(server.url, 'GET', `/api/models/${version}/model-card.json`, {
        token: annotator,
      });
      assert.equal(cardReply.status, 404);
    }

    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    const latest = await latestModel(server.url, annotator);
    assert.equal(latest.version, 'v0004');
    assert.equal(latest.parent, 'v0001');
    await assertServedModelsIntact(server.url, annotator);
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  });
});
