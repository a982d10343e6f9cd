import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatasetImageSource } from '../../../trainer-server/src/simulation/DatasetImageSource.js';
import { auditUnit } from '../../../trainer-server/src/store/auditUnit.js';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';

const plane = (value: number) => ({
  width: 3,
  height: 2,
  channels: 1,
  data: new Float32Array(6).fill(value),
});
const split = {
  images: [plane(0.1), plane(0.2), plane(0.3)],
  labels: Int32Array.from([0, 1, 0]),
  ids: ['npz:train:0', 'npz:train:1', 'npz:train:2'],
  groups: [undefined, undefined, undefined],
};

describe('DatasetImageSource', () => {
  it('serves each image as a study of its own, with DICOM UIDs the store accepts', async () => {
    const source = new DatasetImageSource(split);
    const candidates = await source.listCandidates();
    assert.equal(candidates.length, 3);
    for (const [index, c] of candidates.entries()) {
      for (const uid of [c.studyInstanceUid, c.seriesInstanceUid, c.sopInstanceUid]) {
        assert.match(uid, /^2\.25\.[1-9]\d{0,38}$/);
      }
      assert.equal(candidateId(c).length, 32);
      assert.equal(source.indexOf(c.sopInstanceUid), index);
      assert.deepEqual([c.rows, c.columns, c.frame, c.numberOfFrames], [2, 3, 1, 1]);
    }
    assert.equal(new Set(candidates.map((c) => c.studyInstanceUid)).size, 3);
    assert.equal(new Set(candidates.map((c) => auditUnit(c.studyInstanceUid))).size, 3);
    // The same ids give the same UIDs in every run.
    assert.deepEqual(await new DatasetImageSource(split).listCandidates(), candidates);
    assert.deepEqual(await source.listCandidates({ offset: 1, limit: 1 }), [candidates[1]]);
  });

  it('fetches an image’s pixels as they are, and refuses a frame it does not hold', async () => {
    const source = new DatasetImageSource(split);
    const [, second] = await source.listCandidates();
    const fetched = await source.fetchFrame(second!);
    assert.equal(fetched.path, 'instance');
    assert.equal(fetched.plane, split.images[1]);
    await assert.rejects(source.fetchFrame({ ...second!, frame: 2 }), /no frame 2 of instance 2\.25\./);
    await assert.rejects(
      source.fetchFrame({ ...second!, sopInstanceUid: '1.2.3' }),
      /no frame 1 of instance 1\.2\.3/,
    );
  });
});
