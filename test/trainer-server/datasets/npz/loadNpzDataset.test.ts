import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { dump } from 'npyjs';
import { loadNpzDataset } from '../../../../trainer-server/src/datasets/npz/loadNpzDataset.js';
import { assertDatasetFormatError } from '../assertDatasetFormatError.js';
import { npz } from '../../../fixtures/npz.js';
import type { NpzArrays as Arrays } from '../../../fixtures/npz.js';

/** Pixel i of a split is (i * step + offset) mod 256, so every split and image differ. */
function pixels(length: number, step: number, offset: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * step + offset) % 256);
}

// Grey 2 x 3 images, 4 / 2 / 3 per split, labels of shape N as uint8.
const GREY: Arrays = {
  train_images: { data: pixels(4 * 6, 7, 0), shape: [4, 2, 3] },
  train_labels: { data: new Uint8Array([0, 2, 1, 2]), shape: [4] },
  val_images: { data: pixels(2 * 6, 11, 5), shape: [2, 2, 3] },
  val_labels: { data: new Uint8Array([1, 0]), shape: [2] },
  test_images: { data: pixels(3 * 6, 13, 9), shape: [3, 2, 3] },
  test_labels: { data: new Uint8Array([2, 2, 0]), shape: [3] },
};

// RGB 3 x 2 images, labels of shape N x 1 as int64 (what numpy gives for Python ints).
const RGB: Arrays = {
  train_images: { data: pixels(3 * 18, 5, 1), shape: [3, 3, 2, 3] },
  train_labels: { data: new BigInt64Array([1n, 0n, 1n]), shape: [3, 1] },
  val_images: { data: pixels(18, 3, 2), shape: [1, 3, 2, 3] },
  val_labels: { data: new BigInt64Array([0n]), shape: [1, 1] },
  test_images: { data: pixels(2 * 18, 17, 3), shape: [2, 3, 2, 3] },
  test_labels: { data: new BigInt64Array([1n, 1n]), shape: [2, 1] },
};

describe('loadNpzDataset', () => {
  let dir: string;
  let count = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aift-npz-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function write(bytes: Uint8Array): Promise<string> {
    const file = join(dir, `archive-${count++}.npz`);
    await writeFile(file, bytes);
    return file;
  }
  const withArrays = (base: Arrays, changes: Arrays) => write(npz({ ...base, ...changes }, true));

  for (const deflate of [false, true]) {
    it(`reads N x H x W grey images and N labels (${deflate ? 'deflated' : 'stored'} entries)`, async () => {
      const archive = npz(GREY, deflate);
      // Compression method of the first entry's local header: 0 stored, 8 deflated.
      assert.equal(new DataView(archive.buffer, archive.byteOffset).getUint16(8, true), deflate ? 8 : 0);
      const dataset = await loadNpzDataset(await write(archive));
      assert.deepEqual(dataset.classNames, ['class 0', 'class 1', 'class 2']);
      assert.equal(dataset.channels, 1);
      for (const split of ['train', 'val', 'test'] as const) {
        const raw = GREY[`${split}_images`]!.data as Uint8Array;
        const { images, labels, ids, groups } = dataset.splits[split];
        assert.deepEqual(labels, Int32Array.from(GREY[`${split}_labels`]!.data as Uint8Array));
        assert.deepEqual(
          ids,
          images.map((_, i) => `npz:${split}:${i}`),
        );
        assert.deepEqual(
          groups,
          images.map(() => undefined),
        );
        images.forEach((image, i) => {
          assert.deepEqual([image.width, image.height, image.channels], [3, 2, 1]);
          const expected = Float32Array.from(raw.subarray(i * 6, (i + 1) * 6), (v) => v / 255);
          assert.deepEqual(image.data, expected);
        });
      }
    });
  }

  it('reads N x H x W x 3 RGB images (HWC) and N x 1 int64 labels', async () => {
    const dataset = await loadNpzDataset(await write(npz(RGB, true)), {
      classNames: ['normal', 'pneumonia'],
    });
    assert.deepEqual(dataset.classNames, ['normal', 'pneumonia']);
    assert.equal(dataset.channels, 3);
    const { images, labels } = dataset.splits.train;
    assert.deepEqual(labels, new Int32Array([1, 0, 1]));
    const raw = RGB.train_images!.data as Uint8Array;
    images.forEach((image, i) => {
      assert.deepEqual([image.width, image.height, image.channels], [2, 3, 3]);
      assert.deepEqual(
        image.data,
        Float32Array.from(raw.subarray(i * 18, (i + 1) * 18), (v) => v / 255),
      );
    });
    // Exact ends of the range: pixel value 0 -> 0 and 255 -> 1.
    const ends = await loadNpzDataset(
      await withArrays(RGB, { val_images: { data: new Uint8Array(18).fill(255, 9), shape: [1, 3, 2, 3] } }),
    );
    assert.deepEqual(
      [...ends.splits.val.images[0]!.data],
      [...new Array<number>(9).fill(0), ...new Array<number>(9).fill(1)],
    );
  });

  it('takes float labels holding whole numbers, and N x H x W x 1 grey images', async () => {
    const dataset = await loadNpzDataset(
      await withArrays(GREY, {
        train_images: { data: pixels(4 * 6, 7, 0), shape: [4, 2, 3, 1] },
        train_labels: { data: new Float64Array([0, 2, 1, 2]), shape: [4, 1] },
      }),
    );
    assert.deepEqual(dataset.splits.train.labels, new Int32Array([0, 2, 1, 2]));
    assert.equal(dataset.splits.train.images[0]!.channels, 1);
  });

  describe('names the file and the key of what is wrong', () => {
    it('a missing key', async () => {
      const withoutTestLabels = Object.entries(GREY).filter(([key]) => key !== 'test_labels');
      const file = await write(npz(Object.fromEntries(withoutTestLabels), true));
      await assertDatasetFormatError(loadNpzDataset(file), file, { key: 'test_labels' }, /missing/);
    });

    it('images that are not uint8', async () => {
      const file = await withArrays(GREY, {
        val_images: { data: new Float32Array(12), shape: [2, 2, 3] },
      });
      await assertDatasetFormatError(loadNpzDataset(file), file, { key: 'val_images' }, /dtype is f4.*uint8/);
    });

    it('labels that are not numbers', async () => {
      const file = await withArrays(GREY, { val_labels: { data: ['a', 'b'], shape: [2] } });
      await assertDatasetFormatError(loadNpzDataset(file), file, { key: 'val_labels' }, /dtype is U1/);
    });

    it('images of a shape other than N x H x W (x 3)', async () => {
      for (const shape of [[24], [4, 6], [4, 1, 3, 2], [4, 1, 1, 3, 2]]) {
        const file = await withArrays(GREY, { train_images: { data: pixels(24, 7, 0), shape } });
        const expected = new RegExp(`shape is \\(${shape.join(', ')}\\)`);
        await assertDatasetFormatError(loadNpzDataset(file), file, { key: 'train_images' }, expected);
      }
    });

    it('labels of a shape other than N or N x 1', async () => {
      const file = await withArrays(GREY, { test_labels: { data: new Uint8Array(6), shape: [3, 2] } });
      await assertDatasetFormatError(
        loadNpzDataset(file),
        file,
        { key: 'test_labels' },
        /shape is \(3, 2\); labels must be N or N x 1/,
      );
    });

    it('a label count other than the image count', async () => {
      const file = await withArrays(GREY, { val_labels: { data: new Uint8Array(3), shape: [3] } });
      await assertDatasetFormatError(
        loadNpzDataset(file),
        file,
        { key: 'val_labels' },
        /holds 3 labels but "val_images" holds 2 images/,
      );
    });

    it('labels that are not integers >= 0', async () => {
      const negative = await withArrays(GREY, {
        test_labels: { data: new Int8Array([0, -1, 1]), shape: [3] },
      });
      await assertDatasetFormatError(
        loadNpzDataset(negative),
        negative,
        { key: 'test_labels' },
        /label -1 at index 1 is not an integer >= 0/,
      );
      const fraction = await withArrays(GREY, {
        val_labels: { data: new Float32Array([1, 0.5]), shape: [2] },
      });
      await assertDatasetFormatError(
        loadNpzDataset(fraction),
        fraction,
        { key: 'val_labels' },
        /label 0.5 at index 1 is not an integer >= 0/,
      );
    });

    it('a label with no class among the names given', async () => {
      const file = await write(npz(GREY, true));
      await assertDatasetFormatError(
        loadNpzDataset(file, { classNames: ['a', 'b'] }),
        file,
        { key: 'train_labels' },
        /label 2 at index 1 has no class: 2 class names were given/,
      );
    });

    it('splits whose channel counts differ', async () => {
      const file = await withArrays(GREY, {
        test_images: { data: pixels(3 * 18, 1, 0), shape: [3, 2, 3, 3] },
      });
      await assertDatasetFormatError(
        loadNpzDataset(file),
        file,
        { key: 'test_images' },
        /has 3 channel\(s\) but "train_images" has 1/,
      );
    });

    it('an entry cut short, and one in Fortran order', async () => {
      const entries: Zippable = {};
      for (const [key, { data, shape }] of Object.entries(GREY)) {
        entries[`${key}.npy`] = new Uint8Array(dump(data, shape));
      }
      const whole = entries['val_images.npy'] as Uint8Array;
      const cut = await write(zipSync({ ...entries, 'val_images.npy': whole.subarray(0, whole.length - 5) }));
      await assertDatasetFormatError(
        loadNpzDataset(cut),
        cut,
        { key: 'val_images' },
        /holds 7 values but its shape \(2, 2, 3\) says 12/,
      );
      const header = Buffer.from(entries['train_images.npy'] as Uint8Array);
      const fortran = Buffer.from(
        header.toString('latin1').replace("'fortran_order':False", "'fortran_order':True "),
        'latin1',
      );
      const file = await write(zipSync({ ...entries, 'train_images.npy': new Uint8Array(fortran) }));
      await assertDatasetFormatError(loadNpzDataset(file), file, { key: 'train_images' }, /Fortran order/);
    });

    it('a file that is not a zip archive, and one with no images at all', async () => {
      const notZip = await write(new TextEncoder().encode('train_images,train_labels\n'));
      await assertDatasetFormatError(loadNpzDataset(notZip), notZip, undefined, /not a readable \.npz/);
      const empty: Arrays = {};
      for (const split of ['train', 'val', 'test']) {
        empty[`${split}_images`] = { data: new Uint8Array(0), shape: [0, 28, 28] };
        empty[`${split}_labels`] = { data: new Uint8Array(0), shape: [0, 1] };
      }
      const file = await write(npz(empty, true));
      await assertDatasetFormatError(loadNpzDataset(file), file, undefined, /holds no images in any split/);
    });
  });
});
