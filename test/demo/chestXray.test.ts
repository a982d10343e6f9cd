// The chest X-ray demo shipped in demo/chest-xray/ (what `npm start` imports): what ATTRIBUTION.md says of it
// holds, read through the same manifest reader the importer uses.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { readManifestRows } from '../../trainer-server/src/datasets/manifest/readManifestRows.js';
import { CXR_DEMO } from '../../trainer-server/src/cli/start/seedDemo.js';

const FOLDER = join(CXR_DEMO.manifest, '..');
const MAX_BYTES = 2 * 1024 * 1024;

describe('demo/chest-xray', () => {
  const rows = readManifestRows(CXR_DEMO.manifest, readFileSync(CXR_DEMO.manifest, 'utf8'));

  it('holds 300 images of the train split, 150 normal and 150 pneumonia', () => {
    assert.equal(rows.length, 300);
    assert.deepEqual(
      CXR_DEMO.classes.map((c) => rows.filter((r) => r.label === c).length),
      [150, 150],
    );
    assert.ok(rows.every((r) => r.split === 'train'));
  });

  it('makes one patient per image, and one stack of 6 with both classes', () => {
    const stack = rows.filter((r) => r.group === 'DEMO-CXR-STACK');
    assert.deepEqual(stack.map((r) => r.label).sort(), [
      'normal',
      'normal',
      'normal',
      'pneumonia',
      'pneumonia',
      'pneumonia',
    ]);
    const singles = rows.filter((r) => r.group !== 'DEMO-CXR-STACK');
    assert.ok(singles.every((r) => /^DEMO-CXR-\d{4}$/.test(r.group ?? '')));
    assert.equal(new Set(singles.map((r) => r.group)).size, singles.length);
  });

  it('ships distinct 28 x 28 8-bit grey PNGs, at most 2 MB with the manifest and the attribution', async () => {
    const pixels = new Set<string>();
    for (const row of rows) {
      const image = sharp(join(FOLDER, row.path));
      const { width, height, channels, depth } = await image.metadata();
      assert.deepEqual(
        { width, height, channels, depth },
        { width: 28, height: 28, channels: 1, depth: 'uchar' },
      );
      pixels.add(
        createHash('sha256')
          .update(await image.raw().toBuffer())
          .digest('hex'),
      );
    }
    assert.equal(pixels.size, rows.length, 'two images have the same pixels');
    const files = readdirSync(FOLDER, { recursive: true }).map((f) => join(FOLDER, String(f)));
    const bytes = files.reduce((sum, f) => sum + (statSync(f).isFile() ? statSync(f).size : 0), 0);
    assert.ok(bytes <= MAX_BYTES, `${bytes} bytes`);
  });

  it('names the licence and cites the data set and MedMNIST beside the images', () => {
    const attribution = readFileSync(join(FOLDER, 'ATTRIBUTION.md'), 'utf8');
    const licence = readFileSync(join(FOLDER, 'LICENSE'), 'utf8');
    for (const text of [attribution, licence]) {
      assert.match(text, /CC BY 4\.0/);
      assert.match(text, /https:\/\/creativecommons\.org\/licenses\/by\/4\.0\//);
    }
    assert.match(attribution, /Kermany DS.*\n?.*Cell.*172/);
    assert.match(attribution, /MedMNIST v2/);
    assert.match(attribution, /9361a718d67e8a40f1ef8929db8c5682add8bd70/);
  });
});
