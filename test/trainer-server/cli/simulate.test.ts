import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { npz } from '../../fixtures/npz.js';

const dir = mkdtempSync(join(tmpdir(), 'aift-simulate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run simulate` as a user runs it, from the built CLI. */
function simulate(...args: string[]) {
  const run = spawnSync(process.execPath, ['trainer-server/dist/cli/simulate.js', ...args], {
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** 12 x 12 grey images: class 1 has a bright disc, class 0 a faint one, both on noise. */
function discImages(count: number, seed: number) {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 2);
  const images = new Uint8Array(count * 144);
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) >>> 0) % 40) - 20;
  labels.forEach((label, n) => {
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 12; x++) {
        const inside = (x - 6) ** 2 + (y - 6) ** 2 < 12;
        images[n * 144 + y * 12 + x] = Math.max(
          0,
          Math.min(255, (inside ? (label ? 220 : 110) : 60) + noise()),
        );
      }
    }
  });
  return { images, labels };
}

describe('npm run simulate', () => {
  it('runs strategies x seeds on an .npz and writes the results', () => {
    const train = discImages(24, 1);
    const val = discImages(4, 2);
    const test = discImages(12, 3);
    const file = join(dir, 'discs.npz');
    writeFileSync(
      file,
      npz(
        {
          train_images: { data: train.images, shape: [24, 12, 12] },
          train_labels: { data: train.labels, shape: [24, 1] },
          val_images: { data: val.images, shape: [4, 12, 12] },
          val_labels: { data: val.labels, shape: [4, 1] },
          test_images: { data: test.images, shape: [12, 12, 12] },
          test_labels: { data: test.labels, shape: [12, 1] },
        },
        true,
      ),
    );
    const out = join(dir, 'out');
    const settings = [
      '--data',
      file,
      '--strategies',
      'aift,random',
      '--seeds',
      '2',
      '--batch',
      '4',
      '--budget',
      '12',
    ];
    const small = ['--plan', 'dihedral', '--patches', '2', '--epochs', '3', '--cache', join(dir, 'cache')];
    const run = simulate(...settings, ...small, '--out', out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /training backend: (wasm|cpu|tfjs-node)/);
    assert.match(run.stdout, /aift seed 2: 12 labels/);
    assert.deepEqual(readdirSync(out).sort(), [
      'learning-curves.png',
      'learning-curves.svg',
      'results.json',
      'summary.md',
    ]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      full_pool_auc: number;
      baseline: string;
      strategies: Record<string, { runs: { seed: number; curve: { labels: number }[] }[] }>;
    };
    assert.ok(results.full_pool_auc > 0.9, `full-pool AUC ${results.full_pool_auc}`);
    // The default baseline (random from the first label) is run although not listed.
    assert.equal(results.baseline, 'random:random');
    assert.deepEqual(Object.keys(results.strategies), ['aift', 'random', 'random:random']);
    for (const name of ['aift', 'random', 'random:random']) {
      const runs = results.strategies[name]!.runs;
      assert.deepEqual(
        runs.map((r) => r.seed),
        [1, 2],
      );
      assert.deepEqual(
        runs[0]!.curve.map((p) => p.labels),
        [0, 4, 8, 12],
      );
    }
    // A second run reads every embedding from the cache and gives the same figures.
    const again = simulate(...settings, ...small, '--out', join(dir, 'again'));
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(readFileSync(join(dir, 'again', 'results.json'), 'utf8')) as typeof results;
    assert.deepEqual(second.strategies, results.strategies);

    // The product's audit replayed: a quarter of the pool reserved; with 6 audit labels no metric exists yet.
    const audited = simulate(...settings, ...small, '--audit-rate', '0.25', '--out', join(dir, 'audit'));
    assert.equal(audited.code, 0, audited.stderr);
    const summary = readFileSync(join(dir, 'audit', 'summary.md'), 'utf8');
    assert.match(summary, /\| aift \| 12 \| \d \| 0 \/ 0 \/ 0 \/ 2 \| n\/a \| n\/a \| n\/a \|/);

    // The product's own loop beside the harness: the trainer server over HTTP, two readers, a job every 4.
    const product = simulate(
      ...settings.slice(0, 2),
      ...['--strategies', 'random', '--seeds', '1', '--batch', '4', '--budget', '12'],
      ...['--as-product', '--train-every', '4', '--audit-rate', '0.25'],
      ...small,
      '--out',
      join(dir, 'product'),
    );
    assert.equal(product.code, 0, product.stderr);
    assert.match(product.stdout, /product seed 1: v0001 after 0 labels/);
    const productResults = JSON.parse(readFileSync(join(dir, 'product', 'results.json'), 'utf8')) as {
      strategies: Record<
        string,
        {
          runs: {
            curve: { labels: number }[];
            versions: { version: string; labels: number; trainingLabels: number }[];
            labels: number;
            auditLabels: number;
          }[];
        }
      >;
    };
    const [productRun] = productResults.strategies.product!.runs;
    assert.ok(productRun);
    assert.equal(productRun.labels, 12);
    assert.deepEqual(
      productRun.curve.map((p) => p.labels),
      [0, 4, 8, 12],
    );
    // The cold start, then a version per 4 consensus labels that train (audit labels never do).
    assert.ok(productRun.versions.length >= 3, JSON.stringify(productRun.versions));
    assert.equal(productRun.versions[0]!.trainingLabels, 0);
    assert.ok(
      productRun.auditLabels >= 1 && productRun.auditLabels <= 6,
      `audit labels ${productRun.auditLabels}`,
    );
    // Labels since the last version are fewer than a job's trigger.
    const untrained = 12 - productRun.auditLabels - productRun.versions.at(-1)!.trainingLabels;
    assert.ok(untrained >= 0 && untrained < 4, `untrained labels ${untrained}`);
  });

  it('runs on a CSV manifest of PNG files', async () => {
    const folder = join(dir, 'pngs');
    mkdirSync(folder);
    const { images, labels } = discImages(30, 7);
    const rows = ['path,label,split'];
    for (let n = 0; n < 30; n++) {
      const file = `case-${n}.png`;
      await sharp(Buffer.from(images.subarray(n * 144, (n + 1) * 144)), {
        raw: { width: 12, height: 12, channels: 1 },
      })
        .png()
        .toFile(join(folder, file));
      rows.push(`${file},${labels[n] ? 'bright' : 'faint'},${n < 20 ? 'train' : 'test'}`);
    }
    writeFileSync(join(folder, 'manifest.csv'), `${rows.join('\n')}\n`);
    const out = join(dir, 'csv-out');
    const run = simulate(
      ...[
        '--data',
        join(folder, 'manifest.csv'),
        '--strategies',
        'margin,random',
        '--seeds',
        '1',
        '--batch',
        '5',
      ],
      ...[
        '--budget',
        '10',
        '--plan',
        'identity',
        '--epochs',
        '3',
        '--out',
        out,
        '--cache',
        join(dir, 'cache'),
      ],
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /20 train \(pool\), 10 test \(evaluation\), classes bright, faint/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      strategies: Record<string, { runs: { curve: { labels: number }[] }[] }>;
    };
    assert.deepEqual(
      results.strategies.margin!.runs[0]!.curve.map((p) => p.labels),
      [0, 5, 10],
    );
  });

  it('prints its usage on --help', () => {
    const help = simulate('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run simulate -- --data <file\.npz \| manifest\.csv>/);
  });

  it('names the option, file and line at fault, and exits non-zero', () => {
    const unknown = simulate('--data', join(dir, 'x.npz'), '--strategies', 'aift,best');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /simulate: --strategies: unknown strategy "best"; known: aift, /);
    assert.match(simulate('--data', join(dir, 'x.npz'), '--alpha', '0').stderr, /--alpha: /);
    assert.match(simulate('--batch', '4').stderr, /--data: required/);
    const typicalTooLong = simulate(
      ...['--data', join(dir, 'x.npz'), '--strategies', 'aift:typical', '--cold-start-labels', '32'],
    );
    assert.equal(typicalTooLong.code, 2);
    assert.match(typicalTooLong.stderr, /--cold-start-labels: the typical cold start picks one batch only/);
    assert.match(
      simulate('--data', join(dir, 'x.npz'), '--cold-start-labels', '1.5').stderr,
      /--cold-start-labels: /,
    );
    assert.match(simulate('--data', join(dir, 'absent.npz')).stderr, /absent\.npz: no such file/);
    assert.match(simulate('--data', join(dir, 'x.npz'), '--audit-rate', '1').stderr, /--audit-rate: /);
    assert.match(
      simulate('--data', join(dir, 'x.npz'), '--audit-checkpoints', '64;128').stderr,
      /--audit-checkpoints: expected comma-separated label counts/,
    );

    const csv = join(dir, 'manifest.csv');
    writeFileSync(csv, 'path,label\nmissing.png,0\n');
    const missing = simulate('--data', csv);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /manifest\.csv, line 2: .*missing\.png/);
  });
});
