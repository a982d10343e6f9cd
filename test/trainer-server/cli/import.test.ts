// `npm run import` as a user runs it: the command in a child process (TypeScript through tsx), sending to a
// real Orthanc, checked through QIDO-RS and WADO-RS.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { secondaryCapturePart10 } from '../../../trainer-server/src/cli/import/secondaryCapturePart10.js';
import { freeLoopbackPort } from '../../../trainer-server/src/cli/start/localOrthanc.js';
import { npz } from '../../fixtures/npz.js';
import { startOrthanc } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { makePart10, TRANSFER_SYNTAX } from '../imaging/syntheticDicom.js';

const IMPORT = fileURLToPath(new URL('../../../trainer-server/src/cli/import.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

interface ImportRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command in `cwd` with no AIFT_* variable of this shell. */
function runImport(args: readonly string[], cwd: string): Promise<ImportRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AIFT_')));
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['--import', TSX, IMPORT, ...args],
      { cwd, env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          return reject(new Error('the import command did not run', { cause: error }));
        }
        resolvePromise({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

interface TruthLine {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frame: string;
  readonly pacsFrameId: string;
  readonly label: string;
  readonly split: string;
  readonly group: string;
  readonly source: string;
}

function readTruth(path: string): TruthLine[] {
  return parse<TruthLine>(readFileSync(path, 'utf8'), { columns: true });
}

/** 12 x 12 grey images: class 1 a bright disc, class 0 a faint one, on noise. */
function discImages(count: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 2);
  const images = new Uint8Array(count * 144);
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) >>> 0) % 40) - 20;
  labels.forEach((label, n) => {
    for (let i = 0; i < 144; i++) {
      const inside = ((i % 12) - 6) ** 2 + (Math.floor(i / 12) - 6) ** 2 < 12;
      images[n * 144 + i] = Math.max(0, Math.min(255, (inside ? (label ? 220 : 110) : 60) + noise()));
    }
  });
  return { images, labels };
}

describe('npm run import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aift-import-'));
  let orthanc: RunningOrthanc;

  before(async () => {
    orthanc = await startOrthanc();
  });
  after(async () => {
    // Undefined only when startOrthanc failed, and then it has cleaned up after itself.
    await (orthanc as RunningOrthanc | undefined)?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** QIDO-RS: the SOPInstanceUIDs of `patientName`'s instances. */
  async function instancesOf(patientName: string): Promise<string[]> {
    // Orthanc 1.10 matches no PN query holding "^" (nor "?" in its place): "*" spans it.
    const match = encodeURIComponent(patientName.replace('^', '*'));
    const url = `${orthanc.dicomWebRoot}/instances?PatientName=${match}&limit=1000`;
    const response = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
    assert.equal(response.status, response.status === 204 ? 204 : 200, url);
    if (response.status === 204) return [];
    const body = (await response.json()) as { '00080018': { Value: [string] } }[];
    return body.map((instance) => instance['00080018'].Value[0]).sort();
  }

  it('prints its usage on --help, and names the bad argument with exit code 2', async () => {
    const help = await runImport(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run import -- <dicom \| dataset> <path>/);
    const cases: [string[], RegExp][] = [
      [[], /missing subcommand: expected dicom or dataset/],
      [['copy', 'x'], /unknown subcommand "copy"/],
      [['dicom', dir], /--pacs URL is required/],
      [['dicom', dir, '--pacs', 'ftp://x'], /--pacs must be an http\(s\) URL/],
      [['dicom', dir, '--pacs', orthanc.dicomWebRoot, '--split', 'train'], /Unknown option '--split'/],
      [['dataset', join(dir, 'x.txt'), '--pacs', orthanc.dicomWebRoot], /x\.txt: expected a \.npz file/],
      [['dataset', join(dir, 'x.npz'), '--pacs', orthanc.dicomWebRoot, '--limit', '0'], /--limit must be/],
      [['dataset', join(dir, 'x.npz'), '--pacs', orthanc.dicomWebRoot, '--split', 'dev'], /--split must be/],
      [['dicom', join(dir, 'absent'), '--pacs', orthanc.dicomWebRoot], /absent: no such folder/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runImport(args, dir)));
    cases.forEach(([args, message], i) => {
      assert.equal(runs[i]!.code, 2, `${args.join(' ')}: ${runs[i]!.stderr}`);
      assert.match(runs[i]!.stderr, message);
    });
  });

  it('sends the DICOM files of a folder tree, reports the others with their paths, and goes on', async () => {
    const folder = join(dir, 'dicom');
    mkdirSync(join(folder, 'series', 'deeper'), { recursive: true });
    const files = [1, 2, 3].map((n) =>
      secondaryCapturePart10(
        {
          patientName: 'TEST^FOLDER',
          patientId: 'TEST-FOLDER',
          studyInstanceUid: '2.25.4242',
          seriesInstanceUid: '2.25.4242.1',
          sopInstanceUid: `2.25.4242.1.${n}`,
          studyId: '1',
          accessionNumber: '',
          studyDate: '',
          studyTime: '',
          studyDescription: 'import test',
          seriesDescription: 'import test',
          seriesNumber: 1,
          instanceNumber: n,
          conversionType: 'SYN',
          implementationClassUid: '2.25.4242.0',
        },
        { width: 8, height: 8, channels: 1, data: new Uint8Array(64).fill(n * 40) },
      ),
    );
    writeFileSync(join(folder, 'one.dcm'), files[0]!);
    writeFileSync(join(folder, 'series', 'IM0002'), files[1]!);
    writeFileSync(join(folder, 'series', 'deeper', 'three'), files[2]!);
    writeFileSync(join(folder, 'series', 'notes.txt'), 'not a DICOM file\n');
    writeFileSync(join(folder, 'series', 'cut.dcm'), files[2]!.subarray(0, files[2]!.length - 20));

    const run = await runImport(['dicom', folder, '--pacs', orthanc.dicomWebRoot, '--batch', '2'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await instancesOf('TEST^FOLDER'), ['2.25.4242.1.1', '2.25.4242.1.2', '2.25.4242.1.3']);
    assert.match(
      run.stderr,
      new RegExp(`${join(folder, 'series', 'notes.txt')}: skipped: not a DICOM Part-10`),
    );
    assert.match(
      run.stderr,
      new RegExp(`${join(folder, 'series', 'cut.dcm')}: skipped: truncated: the value of \\(7FE0,0010\\)`),
    );
    assert.match(run.stdout, /5 files: 3 stored in the PACS \(new or already there\), 2 skipped, 0 refused/);

    // The PACS refuses an instance without a StudyInstanceUID: reported, the rest still sent, exit code 1.
    const refused = join(dir, 'refused');
    mkdirSync(refused);
    writeFileSync(join(refused, 'a-good.dcm'), files[0]!);
    const noStudy = makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      { PatientName: 'TEST^REFUSED', Rows: 2, Columns: 2, BitsAllocated: 8, SamplesPerPixel: 1 },
      new Uint8Array(4),
      'OB',
    );
    writeFileSync(join(refused, 'b-no-study.dcm'), noStudy);
    const partly = await runImport(['dicom', refused, '--pacs', orthanc.dicomWebRoot], dir);
    assert.equal(partly.code, 1, partly.stderr);
    assert.match(partly.stderr, new RegExp(`${join(refused, 'b-no-study.dcm')}: refused by the PACS`));
    assert.match(partly.stdout, /2 files: 1 stored .*, 0 skipped, 1 refused by the PACS/);
  });

  it('exits 1 with the URL when the PACS cannot be reached', async () => {
    const folder = join(dir, 'unreachable');
    mkdirSync(folder);
    writeFileSync(join(folder, 'one.dcm'), readFileSync(join(dir, 'dicom', 'one.dcm')));
    const port = await freeLoopbackPort();
    const run = await runImport(['dicom', folder, '--pacs', `http://127.0.0.1:${port}/dicom-web`], dir);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`import: PACS unreachable \\(no HTTP response\\): http://127.0.0.1:${port}/`),
    );
  });

  it('imports an .npz data set as Secondary Capture instances with their ground truth, once', async () => {
    const split = { train: discImages(6, 1), val: discImages(2, 2), test: discImages(4, 3) };
    const file = join(dir, 'discs.npz');
    const arrays = Object.fromEntries(
      Object.entries(split).flatMap(([name, { images, labels }]) => [
        [`${name}_images`, { data: images, shape: [labels.length, 12, 12] }],
        [`${name}_labels`, { data: labels, shape: [labels.length, 1] }],
      ]),
    );
    writeFileSync(file, npz(arrays, true));
    const truthPath = join(dir, 'out', 'discs-truth.csv');
    mkdirSync(join(dir, 'out'));
    const args = ['dataset', file, '--pacs', orthanc.dicomWebRoot, '--classes', 'faint,bright'];

    const run = await runImport([...args, '--truth', truthPath], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /12 images: 12 stored in the PACS/);
    const truth = readTruth(truthPath);
    assert.equal(truth.length, 12);
    const stored = await instancesOf('IMPORTED^discs');
    assert.deepEqual(truth.map((row) => row.sopInstanceUid).sort(), stored);
    assert.deepEqual(
      truth.map((row) => `${row.split}:${row.label}`),
      (['train', 'val', 'test'] as const).flatMap((name) =>
        [...split[name].labels].map((label) => `${name}:${label ? 'bright' : 'faint'}`),
      ),
    );
    assert.equal(new Set(truth.map((row) => row.studyInstanceUid)).size, 12, 'one study per image');
    const row = truth[7]!; // val index 1
    assert.equal(row.source, 'npz:val:1');
    assert.equal(row.frame, '1');
    assert.equal(row.pacsFrameId, `${row.sopInstanceUid}/1`);
    // The PACS holds the very pixels of the archive.
    const lookup = await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: row.sopInstanceUid });
    const [{ ID }] = (await lookup.json()) as [{ ID: string }];
    const raw = await fetch(`${orthanc.url}/instances/${ID}/frames/0/raw`);
    assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), split.val.images.subarray(144, 288));

    // Again: the same UIDs, nothing new in the PACS, the same truth.
    const again = await runImport([...args, '--truth', truthPath], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await instancesOf('IMPORTED^discs'), stored);
    assert.deepEqual(readTruth(truthPath), truth);

    // One split, limited; the truth goes to <name>.<split>.truth.csv in the current folder.
    const some = await runImport([...args, '--split', 'test', '--limit', '3'], join(dir, 'out'));
    assert.equal(some.code, 0, some.stderr);
    const test = readTruth(join(dir, 'out', 'discs.test.truth.csv'));
    assert.deepEqual(
      test.map((r) => r.source),
      ['npz:test:0', 'npz:test:1', 'npz:test:2'],
    );
    assert.deepEqual(test, truth.filter((r) => r.split === 'test').slice(0, 3));
  });

  it('imports a CSV manifest of PNGs, one study per group, skipping a bad row with its line', async () => {
    const folder = join(dir, 'manifest');
    mkdirSync(folder);
    const { images, labels } = discImages(5, 9);
    const rows = ['path,label,group'];
    for (let n = 0; n < 5; n++) {
      await sharp(Buffer.from(images.subarray(n * 144, (n + 1) * 144)), {
        raw: { width: 12, height: 12, channels: 1 },
      })
        .png()
        .toFile(join(folder, `case-${n}.png`));
      rows.push(`case-${n}.png,${labels[n] ? 'bright' : 'faint'},patient-${n < 3 ? 'a' : 'b'}`);
      if (n === 2) rows.push('missing.png,faint,patient-c');
    }
    const manifest = join(folder, 'cases.csv');
    writeFileSync(manifest, `${rows.join('\n')}\n`);

    const run = await runImport(['dataset', manifest, '--pacs', orthanc.dicomWebRoot], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /skipped: .*cases\.csv, line 5: image "missing\.png" .* does not exist/);
    assert.match(run.stdout, /6 images: 5 stored in the PACS .*, 1 skipped, 0 refused/);
    const truth = readTruth(join(dir, 'cases.truth.csv'));
    const ofPatients = [
      ...(await instancesOf('patient-a^IMPORTED')),
      ...(await instancesOf('patient-b^IMPORTED')),
    ];
    assert.deepEqual(ofPatients.sort(), truth.map((r) => r.sopInstanceUid).sort(), 'a group is a patient');
    assert.deepEqual(
      truth.map((r) => [r.source, r.label, r.group]).sort(),
      [0, 1, 2, 3, 4].map((n) => [
        `case-${n}.png`,
        labels[n] ? 'bright' : 'faint',
        `patient-${n < 3 ? 'a' : 'b'}`,
      ]),
    );
    const studyOf = (group: string) =>
      new Set(truth.filter((r) => r.group === group).map((r) => r.studyInstanceUid));
    assert.equal(studyOf('patient-a').size, 1);
    assert.equal(studyOf('patient-b').size, 1);
    assert.notDeepEqual(studyOf('patient-a'), studyOf('patient-b'));
  });
});
