import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPlan, IDENTITY, PLAN_PRESETS } from '@aift/selection-core';
import { EmbeddingCache } from '../../../../trainer-server/src/engine/embeddings/EmbeddingCache.js';

const root = mkdtempSync(join(tmpdir(), 'aift-embeddings-'));
after(() => rmSync(root, { recursive: true, force: true }));

const key = { image: '1.2.3.4', frame: 1, transform: IDENTITY, backbone: 'mobilenet_v2@nsfwjs-4.4.0' };
const filesUnder = (dir: string) => readdirSync(dir, { recursive: true }).map(String);

describe('EmbeddingCache', () => {
  it('round-trips an embedding exactly and keys on image, frame, transform and backbone', () => {
    const cache = new EmbeddingCache(join(root, 'a'), 3);
    const e = Float32Array.from([0.1, -2, 3.5]);
    cache.put(key, e);
    assert.deepEqual(cache.get(key), e);
    assert.equal(cache.get({ ...key, frame: 2 }), undefined);
    assert.equal(cache.get({ ...key, image: '1.2.3.5' }), undefined);
    assert.equal(cache.get({ ...key, backbone: 'other' }), undefined);
    assert.equal(cache.get({ ...key, transform: { ...IDENTITY, flip: true } }), undefined);
  });

  it('leaves no temp files and treats a truncated file as missing', () => {
    const dir = join(root, 'b');
    const cache = new EmbeddingCache(dir, 4);
    cache.put(key, new Float32Array(4).fill(1));
    const files = filesUnder(dir).filter((f) => f.endsWith('.f32'));
    assert.equal(files.length, 1);
    assert.ok(!filesUnder(dir).some((f) => f.endsWith('.tmp')));
    truncateSync(join(dir, files[0]!), 7);
    assert.equal(cache.get(key), undefined);
  });

  it('computes only the missing patches of a plan, once', async () => {
    const cache = new EmbeddingCache(join(root, 'c'), 2);
    const plan = buildPlan(PLAN_PRESETS.dihedral);
    const asked: number[][] = [];
    const embed = (missing: readonly number[]) => {
      asked.push([...missing]);
      return Promise.resolve(Float32Array.from(missing.flatMap((j) => [j, -j])));
    };
    cache.put({ ...key, transform: plan.transforms[3]! }, Float32Array.from([3, -3]));
    const first = await cache.getOrCompute(key, plan, embed);
    assert.deepEqual(asked, [[0, 1, 2, 4, 5, 6, 7]]);
    assert.deepEqual([...first], [0, -0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7]);
    const second = await cache.getOrCompute(key, plan, embed);
    assert.equal(asked.length, 1);
    assert.deepEqual(second, first);
  });

  it('rejects embeddings of the wrong size', async () => {
    const cache = new EmbeddingCache(join(root, 'd'), 2);
    assert.throws(() => cache.put(key, new Float32Array(3)), /embedding has 3 values, expected 2/);
    await assert.rejects(
      cache.getOrCompute(key, buildPlan(PLAN_PRESETS.identity), () => Promise.resolve(new Float32Array(5))),
      /embed returned 5 values, expected 1 x 2/,
    );
  });
});
