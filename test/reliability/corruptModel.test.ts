// FAULT: a published model.onnx is corrupted (bytes flipped) or truncated on disk, while the server is
// stopped or while it runs.
// GUARANTEE: the server never serves bytes that do not hash to the version's registered sha256 (its
// ETag): such a version's model.onnx is refused with a 500 that names the integrity failure, and
// GET /api/models lists it with `intact: false` and the problem (the others with `intact: true`). At start-up
// every version is verified; a damaged `latest` moves back to the newest intact version (an audited
// rollback, logged), and with no intact older version `latest` stays and is refused until a new training
// run publishes an intact one, which it does.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorSchema, ModelListSchema } from '../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import type { MainProcess } from '../trainer-server/api/mainProcess.js';
import { call } from '../trainer-server/api/support.js';
import { discStudy } from '../trainer-server/services/support.js';
import {
  fetchModel,
  labelDiscs,
  latestModel,
  newDataDir,
  registerPool,
  sha256,
  trackedTrainers,
  train,
  versionDir,
} from './support.js';
import type { Tokens } from './support.js';

const modelFile = (dataDir: string, version: string) => join(versionDir(dataDir, version), 'model.onnx');

/** Inverts 64 bytes in the middle of the file: same size, different content. */
function flipBytes(file: string): void {
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  const flipped = Uint8Array.from(bytes.subarray(at, at + 64), (b) => b ^ 0xff);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, flipped, 0, flipped.length, at);
  } finally {
    closeSync(fd);
  }
}

describe('a corrupt or truncated model file on disk', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let tokens: Tokens;
  const trainers = trackedTrainers();
  const start = () => trainers.start(dataDir, orthanc.dicomWebRoot);
  const stop = async (server: MainProcess) => {
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  };

  const listModels = async (url: string) =>
    (await call(url, 'GET', '/api/models', { token: tokens.annotators[0]! })).as(ModelListSchema);

  /**
   * Every listed version's model.onnx is either refused (500, integrity) or exactly its registered bytes,
   * and the list says which: `intact: false` with a problem naming model.onnx (not its folder) for the
   * refused ones, `intact: true` for the others.
   */
  async function assertNoBadBytesServed(url: string) {
    const list = await listModels(url);
    const refused: string[] = [];
    for (const { version, sha256: expected, intact, problem } of list.versions) {
      const model = await fetchModel(url, tokens.admin, version);
      if (model.status === 200) {
        assert.equal(sha256(model.bytes), expected, `${version} was served with other bytes`);
        assert.equal(model.etag, `"${expected}"`);
        assert.deepEqual(
          { intact, problem },
          { intact: true, problem: undefined },
          `${version} is listed damaged`,
        );
        continue;
      }
      assert.equal(model.status, 500);
      const { message } = ErrorSchema.parse(JSON.parse(new TextDecoder().decode(model.bytes)));
      assert.match(message, new RegExp(`model version ${version} failed its integrity check: .* not served`));
      assert.equal(intact, false, `${version} is refused but listed intact`);
      assert.match(problem ?? '', /^model\.onnx /);
      assert.ok(!problem?.includes(dataDir), problem);
      refused.push(version);
    }
    return { latest: list.latest, refused };
  }

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    ({ dataDir, tokens } = newDataDir('corrupt-model'));
    const server = await start();
    await registerPool(server.url, tokens.admin);
    await labelDiscs(server.url, tokens.annotators[0]!, 0, 16);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    await labelDiscs(server.url, tokens.annotators[0]!, 16, 20);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    assert.equal((await latestModel(server.url, tokens.admin)).version, 'v0002');
    await stop(server);
  });
  after(async () => {
    await trainers.killAll();
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves a damaged latest back to the newest intact version at start-up and refuses the damaged one', async () => {
    flipBytes(modelFile(dataDir, 'v0002'));
    const server = await start();
    assert.deepEqual(await assertNoBadBytesServed(server.url), { latest: 'v0001', refused: ['v0002'] });
    const latest = await latestModel(server.url, tokens.annotators[0]!);
    assert.equal(latest.version, 'v0001');
    assert.equal(latest.movedBy, 'system');
    assert.match(server.output(), /model version v0002 failed its integrity check/);
    assert.match(server.output(), /latest moved back from damaged v0002 to v0001/);
    await stop(server);
  });

  it('refuses a file truncated while the server runs, and a new training run publishes an intact latest', async () => {
    const first = await start();
    // Listed once before the damage, so the server has verified v0001: the truncation must still show.
    const before = await listModels(first.url);
    assert.deepEqual(
      before.versions.map(({ version, intact }) => ({ version, intact })),
      [
        { version: 'v0001', intact: true },
        { version: 'v0002', intact: false },
      ],
    );
    const file = modelFile(dataDir, 'v0001');
    truncateSync(file, Math.floor(readFileSync(file).length / 3));
    assert.deepEqual(await assertNoBadBytesServed(first.url), {
      latest: 'v0001',
      refused: ['v0001', 'v0002'],
    });
    await stop(first);

    // No intact version older than latest: it stays, refused, until a new one is published.
    const second = await start();
    assert.match(second.output(), /latest model v0001 is damaged and no older version is intact/);
    assert.equal((await train(second.url, tokens.admin)).status, 'succeeded');
    assert.deepEqual(await assertNoBadBytesServed(second.url), {
      latest: 'v0003',
      refused: ['v0001', 'v0002'],
    });
    await stop(second);
  });
});
