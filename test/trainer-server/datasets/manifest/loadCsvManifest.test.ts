import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dicomFrameToImagePlane } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import type { LabeledDataset } from '../../../../trainer-server/src/datasets/labeledDataset.js';
import { loadCsvManifest } from '../../../../trainer-server/src/datasets/manifest/loadCsvManifest.js';
import { makePart10, TRANSFER_SYNTAX } from '../../imaging/syntheticDicom.js';
import { assertDatasetFormatError } from '../assertDatasetFormatError.js';
import { encode16, encode8, ramp } from './imageFixtures.js';

const W = 4;
const H = 3;
const JPEG_TOLERANCE = 0.03;

const DICOM_ATTRIBUTES = {
  Rows: H,
  Columns: W,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 8,
  BitsStored: 8,
  HighBit: 7,
  PixelRepresentation: 0,
};

function assertPlane(image: ImagePlane, channels: number, expected: readonly number[], tolerance = 0): void {
  assert.deepEqual([image.width, image.height, image.channels], [W, H, channels]);
  assert.equal(image.data.length, expected.length);
  if (tolerance === 0) {
    assert.deepEqual(image.data, Float32Array.from(expected));
    return;
  }
  expected.forEach((value, i) => {
    const error = Math.abs(image.data[i]! - value);
    assert.ok(error <= tolerance, `sample ${i}: ${image.data[i]} vs ${value}`);
  });
}

/** Every image of the data set by id, with its split and label. */
function byId(dataset: LabeledDataset): Map<string, { split: string; image: ImagePlane; label: number }> {
  const all = new Map<string, { split: string; image: ImagePlane; label: number }>();
  for (const [split, { images, labels, ids }] of Object.entries(dataset.splits)) {
    ids.forEach((id, i) => all.set(id, { split, image: images[i]!, label: labels[i]! }));
  }
  return all;
}

function splitOfEachId(dataset: LabeledDataset): Record<string, string> {
  return Object.fromEntries([...byId(dataset)].map(([id, { split }]) => [id, split]));
}

describe('loadCsvManifest', () => {
  let dir: string;
  let tiny: Buffer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aift-csv-'));
    tiny = await encode8(ramp(W, H, 1, 255), W, H, 1, 'png');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function put(files: Record<string, Uint8Array | string>): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
  }
  async function manifest(name: string, lines: readonly string[]): Promise<string> {
    await put({ [name]: lines.join('\n') + '\n' });
    return join(dir, name);
  }

  it('decodes grey PNG, TIFF (8 and 16 bits), JPEG and DICOM into one channel in [0, 1]', async () => {
    const grey8 = ramp(W, H, 1, 255);
    const grey16 = ramp(W, H, 1, 65535);
    const dicomPixels = Uint8Array.from(ramp(W, H, 1, 200).map((v) => v + 20));
    const dicom = makePart10(TRANSFER_SYNTAX.explicitLittle, DICOM_ATTRIBUTES, dicomPixels, 'OB');
    const greyAlpha = grey8.flatMap((v, i) => [v, i * 20]);
    await put({
      'grey/a.png': await encode8(grey8, W, H, 1, 'png'),
      'grey/b.png': await encode16(grey16, W, H, 1, 'png'),
      'grey/c.tif': await encode8(grey8, W, H, 1, 'tiff'),
      'grey/d.tiff': await encode16(grey16, W, H, 1, 'tiff'),
      'grey/e.jpg': await encode8(grey8, W, H, 1, 'jpeg'),
      'grey/f.png': await encode8(greyAlpha, W, H, 2, 'png'),
      'grey/g.dcm': dicom,
      'grey/series/IM0001': dicom,
    });
    const file = await manifest('grey/manifest.csv', [
      'path,label,split',
      'a.png,normal,train',
      'b.png,normal,train',
      'c.tif,pneumonia,val',
      'd.tiff,normal,test',
      'e.jpg,pneumonia,train',
      'f.png,pneumonia,train',
      'g.dcm,normal,test',
      'series/IM0001,pneumonia,test',
    ]);
    const dataset = await loadCsvManifest(file);
    assert.equal(dataset.channels, 1);
    assert.deepEqual(dataset.classNames, ['normal', 'pneumonia']);
    assert.deepEqual(dataset.splits.train.ids, ['a.png', 'b.png', 'e.jpg', 'f.png']);
    assert.deepEqual(dataset.splits.train.labels, new Int32Array([0, 0, 1, 1]));
    assert.deepEqual(dataset.splits.val.ids, ['c.tif']);
    assert.deepEqual(dataset.splits.test.ids, ['d.tiff', 'g.dcm', 'series/IM0001']);
    assert.deepEqual(dataset.splits.test.groups, [undefined, undefined, undefined]);

    const images = byId(dataset);
    const unit8 = grey8.map((v) => Math.fround(v / 255));
    const unit16 = grey16.map((v) => Math.fround(v / 65535));
    assertPlane(images.get('a.png')!.image, 1, unit8);
    assertPlane(images.get('b.png')!.image, 1, unit16);
    assertPlane(images.get('c.tif')!.image, 1, unit8);
    assertPlane(images.get('d.tiff')!.image, 1, unit16);
    assertPlane(images.get('e.jpg')!.image, 1, unit8, JPEG_TOLERANCE);
    assertPlane(images.get('f.png')!.image, 1, unit8);
    const fromDicom = [...dicomFrameToImagePlane({ ...DICOM_ATTRIBUTES, frameData: dicomPixels }).data];
    assertPlane(images.get('g.dcm')!.image, 1, fromDicom);
    assertPlane(images.get('series/IM0001')!.image, 1, fromDicom);
    // No window: the frame's own range, 20 to 220, is stretched onto [0, 1].
    assert.deepEqual([fromDicom[0], fromDicom.at(-1)], [0, 1]);
  });

  it('decodes RGB PNG (8 and 16 bits, alpha dropped), TIFF and JPEG into three channels', async () => {
    const rgb8 = ramp(W, H, 3, 255);
    const rgb16 = ramp(W, H, 3, 65535);
    const rgba = Array.from({ length: W * H }, (_, i) => [
      ...rgb8.slice(i * 3, i * 3 + 3),
      255 - i * 10,
    ]).flat();
    await put({
      'colour/a.png': await encode8(rgb8, W, H, 3, 'png'),
      'colour/b.png': await encode8(rgba, W, H, 4, 'png'),
      'colour/c.png': await encode16(rgb16, W, H, 3, 'png'),
      'colour/d.tif': await encode8(rgb8, W, H, 3, 'tiff'),
      'colour/e.jpeg': await encode8(rgb8, W, H, 3, 'jpeg'),
    });
    const file = await manifest('colour/manifest.csv', [
      'path,label,split',
      ...['a.png', 'b.png', 'c.png', 'd.tif', 'e.jpeg'].map((p) => `${p},x,train`),
    ]);
    const dataset = await loadCsvManifest(file);
    assert.equal(dataset.channels, 3);
    const images = byId(dataset);
    const unit8 = rgb8.map((v) => Math.fround(v / 255));
    assertPlane(images.get('a.png')!.image, 3, unit8);
    assertPlane(images.get('b.png')!.image, 3, unit8);
    assertPlane(
      images.get('c.png')!.image,
      3,
      rgb16.map((v) => Math.fround(v / 65535)),
    );
    assertPlane(images.get('d.tif')!.image, 3, unit8);
    assertPlane(images.get('e.jpeg')!.image, 3, unit8, JPEG_TOLERANCE);
  });

  it("maps labels to the caller's class order, else to the sorted labels (numbers numerically)", async () => {
    await put({ 'labels/0.png': tiny, 'labels/1.png': tiny, 'labels/2.png': tiny, 'labels/3.png': tiny });
    const words = await manifest('labels/words.csv', [
      'PATH,Label,Split',
      '0.png,pneumonia,train',
      '1.png,normal,train',
      '2.png,effusion,train',
      '3.png,normal,train',
    ]);
    assert.deepEqual((await loadCsvManifest(words)).classNames, ['effusion', 'normal', 'pneumonia']);
    const given = await loadCsvManifest(words, { classNames: ['normal', 'pneumonia', 'effusion'] });
    assert.deepEqual(given.classNames, ['normal', 'pneumonia', 'effusion']);
    assert.deepEqual(given.splits.train.labels, new Int32Array([1, 0, 2, 0]));
    const numbers = await manifest('labels/numbers.csv', [
      'path,label,split',
      '0.png,10,train',
      '1.png,9,train',
      '2.png,0,train',
      '3.png,9,train',
    ]);
    const numeric = await loadCsvManifest(numbers);
    assert.deepEqual(numeric.classNames, ['0', '9', '10']);
    assert.deepEqual(numeric.splits.train.labels, new Int32Array([2, 1, 0, 1]));
  });

  describe('rows without a split', () => {
    // 8 patients with 1 to 5 images each, 6 images without a patient, and patient p3 pinned to val.
    const rows: string[] = [];
    before(async () => {
      const files: Record<string, Buffer> = {};
      for (let p = 0; p < 8; p++) {
        for (let k = 0; k <= p % 5; k++) {
          const path = `groups/p${p}/${k}.png`;
          files[path] = tiny;
          rows.push(`p${p}/${k}.png,${(p + k) % 2},${p === 3 && k === 0 ? 'val' : ''},p${p}`);
        }
      }
      for (let s = 0; s < 6; s++) {
        files[`groups/single${s}.png`] = tiny;
        rows.push(`single${s}.png,${s % 2},,`);
      }
      await put(files);
    });

    it('assigns whole groups, the same way for the same seed whatever the row order', async () => {
      const forward = await manifest('groups/forward.csv', ['path,label,split,group', ...rows]);
      const backward = await manifest('groups/backward.csv', [
        'path,label,split,group',
        ...[...rows].reverse(),
      ]);
      const first = await loadCsvManifest(forward, { seed: 7 });
      const assignment = splitOfEachId(first);
      assert.deepEqual(splitOfEachId(await loadCsvManifest(forward, { seed: 7 })), assignment);
      assert.deepEqual(splitOfEachId(await loadCsvManifest(backward, { seed: 7 })), assignment);
      assert.notDeepEqual(splitOfEachId(await loadCsvManifest(forward, { seed: 8 })), assignment);

      const splitOfGroup = new Map<string, string>();
      for (const [split, { groups, ids }] of Object.entries(first.splits)) {
        groups.forEach((group, i) => {
          if (group === undefined) return;
          assert.equal(splitOfGroup.get(group) ?? split, split, `group ${group} straddles, at ${ids[i]}`);
          splitOfGroup.set(group, split);
        });
      }
      assert.equal(splitOfGroup.size, 8);
      assert.equal(splitOfGroup.get('p3'), 'val');
      assert.equal(Object.keys(assignment).length, rows.length);
    });

    it('follows the fractions given', async () => {
      const file = await manifest('groups/all-train.csv', ['path,label,split,group', ...rows]);
      const dataset = await loadCsvManifest(file, { fractions: { train: 1, val: 0, test: 0 } });
      assert.equal(dataset.splits.train.ids.length, rows.length - 4);
      assert.deepEqual(
        dataset.splits.val.ids.filter((id) => id.startsWith('p3/')),
        ['p3/0.png', 'p3/1.png', 'p3/2.png', 'p3/3.png'],
      );
      assert.equal(dataset.splits.test.ids.length, 0);
    });
  });

  describe('names the CSV file and the line of what is wrong', () => {
    before(() => put({ 'errors/a.png': tiny, 'errors/b.png': tiny, 'errors/broken.png': 'not a PNG' }));
    let count = 0;
    const check = async (
      lines: readonly string[],
      line: number | undefined,
      detail: RegExp,
      classNames?: string[],
    ) => {
      const file = await manifest(`errors/m${count++}.csv`, lines);
      const options = classNames ? { classNames } : {};
      await assertDatasetFormatError(
        loadCsvManifest(file, options),
        file,
        line === undefined ? undefined : { line },
        detail,
      );
    };

    it('a missing column', () => check(['path,split', 'a.png,train'], 1, /missing column "label"/));
    it('an empty path', () => check(['path,label', 'a.png,x', ',y'], 3, /path is empty/));
    it('an empty label', () => check(['path,label', 'a.png,x', 'b.png,'], 3, /label is empty/));
    it('a path listed twice', () =>
      check(['path,label', 'a.png,x', 'b.png,x', 'a.png,y'], 4, /"a.png" is already listed on line 2/));
    it('a file that does not exist', () =>
      check(
        ['path,label', 'a.png,x', '', 'gone.png,x'],
        4,
        /image "gone.png" \(.*gone.png\) does not exist/,
      ));
    it('a file that cannot be decoded', () =>
      check(['path,label', 'a.png,x', 'broken.png,x'], 3, /image "broken.png" .* cannot be decoded/));
    it('a DICOM-named file that is not DICOM', async () => {
      await put({ 'errors/fake.dcm': 'not DICOM' });
      await check(
        ['path,label', 'a.png,x', 'fake.dcm,x'],
        3,
        /"fake.dcm" .* cannot be decoded: not a readable DICOM/,
      );
    });
    it('an unknown split value', () =>
      check(
        ['path,label,split', 'a.png,x,train', 'b.png,x,validation'],
        3,
        /split "validation" is not one of/,
      ));
    it('a label that is not among the class names given', () =>
      check(
        ['path,label', 'a.png,normal', 'b.png,covid'],
        3,
        /label "covid" is not one of .*normal, pneumonia/,
        ['normal', 'pneumonia'],
      ));
    it('a group in two splits', () =>
      check(
        ['path,label,split,group', 'a.png,x,train,p1', 'b.png,x,,p1', 'broken.png,x,test,p1'],
        4,
        /group "p1" is in split "test" here but in "train" on line 2/,
      ));
    it('images whose channel counts differ', async () => {
      await put({ 'errors/rgb.png': await encode8(ramp(W, H, 3, 255), W, H, 3, 'png') });
      await check(
        ['path,label', 'a.png,x', 'rgb.png,x'],
        3,
        /"rgb.png" has 3 channel\(s\) but "a.png" \(line 2\) has 1/,
      );
    });
    it('a row with more cells than the header', () =>
      check(['path,label', 'a.png,x', 'b.png,x,extra'], 3, /not valid CSV.*Invalid Record Length/));
    it('a manifest with no rows', () => check(['path,label'], undefined, /lists no images/));
  });

  it('rejects split fractions that are not shares adding up to 1, and a seed that is not an integer', async () => {
    await put({ 'options/a.png': tiny });
    const file = await manifest('options/m.csv', ['path,label', 'a.png,x']);
    await assert.rejects(loadCsvManifest(file, { fractions: { train: 0.8, val: 0.1, test: 0.2 } }), {
      name: 'RangeError',
      message: /add up to 1/,
    });
    await assert.rejects(loadCsvManifest(file, { fractions: { train: 1.2, val: -0.1, test: -0.1 } }), {
      name: 'RangeError',
      message: /train must be in \[0, 1\]/,
    });
    await assert.rejects(loadCsvManifest(file, { seed: 0.5 }), { name: 'RangeError', message: /seed/ });
  });
});
