import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readDicomFramePlane } from '@aift/dicom-image';
import { DicomWebImageSource } from '../../../trainer-server/src/pacs/DicomWebImageSource.js';
import { PacsHttpError, PacsUnreachableError } from '../../../trainer-server/src/pacs/pacsErrors.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { TRANSFER_SYNTAX } from '../imaging/syntheticDicom.js';
import {
  ALL_IDS,
  assertCloseToJpegSource,
  file,
  FILES,
  ids,
  JPEG_FRAME,
  JPEG_SOP,
  jpegInstance,
  PATIENT,
} from './syntheticStudies.js';

describe('DicomWebImageSource against a real Orthanc', () => {
  let orthanc: RunningOrthanc;
  let source: DicomWebImageSource;

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, [...FILES.values(), await jpegInstance()]);
    source = new DicomWebImageSource({ url: orthanc.dicomWebRoot, timeoutMs: 10_000 });
  });
  // Undefined only when startOrthanc failed, and then it has cleaned up after itself.
  after(() => (orthanc as RunningOrthanc | undefined)?.stop());

  it('lists one candidate per frame, multi-frame instances expanded, with no patient attributes', async () => {
    const candidates = await source.listCandidates();
    assert.deepEqual(ids(candidates), ALL_IDS);
    const cine = candidates.filter((c) => c.sopInstanceUid === '2.25.100.2.1');
    assert.deepEqual(
      cine.map((c) => [c.frame, c.numberOfFrames, c.rows, c.columns, c.modality, c.seriesInstanceUid]),
      [1, 2, 3].map((n) => [n, 3, 3, 4, 'OT', '2.25.100.2']),
    );
    const ct = candidates.find((c) => c.sopInstanceUid === '2.25.100.1.1');
    assert.deepEqual(ct, {
      id: '2.25.100.1.1/1',
      studyInstanceUid: '2.25.100',
      seriesInstanceUid: '2.25.100.1',
      sopInstanceUid: '2.25.100.1.1',
      frame: 1,
      modality: 'CT',
      numberOfFrames: 1,
      rows: 4,
      columns: 5,
    });
    const text = JSON.stringify(candidates);
    assert.ok(
      !text.includes(PATIENT.PatientName.split('^')[0]!) && !text.includes(PATIENT.PatientID),
      'a candidate carries a patient attribute',
    );
  });

  it('filters on study, modality, study date and series', async () => {
    const study = await source.listCandidates({ studyInstanceUid: '2.25.100' });
    assert.deepEqual(
      ids(study),
      ALL_IDS.filter((id) => id.startsWith('2.25.100.')),
    );
    assert.deepEqual(ids(await source.listCandidates({ modality: 'CT' })), [
      '2.25.100.1.1/1',
      '2.25.100.1.2/1',
    ]);
    assert.deepEqual(ids(await source.listCandidates({ modality: 'MR' })), ['2.25.200.1.1/1']);
    const since2024 = await source.listCandidates({ studyDate: { from: '20240101' } });
    assert.deepEqual(ids(since2024), ids(study));
    const until2023 = await source.listCandidates({ studyDate: { from: '20230101', to: '20231231' } });
    assert.deepEqual(ids(until2023), ['2.25.200.1.1/1', `${JPEG_SOP}/1`]);
    const bySeries = await source.listCandidates({ series: { seriesInstanceUid: '2.25.100.2' } });
    assert.deepEqual(ids(bySeries), ['2.25.100.2.1/1', '2.25.100.2.1/2', '2.25.100.2.1/3']);
    const byDescription = await source.listCandidates({ series: { seriesDescription: 'cine*' } });
    assert.deepEqual(ids(byDescription), ids(bySeries));
    assert.deepEqual(await source.listCandidates({ modality: 'CT', studyDate: { to: '20231231' } }), []);
  });

  it('pages with limit and offset over candidates, whatever page size it asks the PACS for', async () => {
    const all = await source.listCandidates();
    const smallPages = new DicomWebImageSource({ url: orthanc.dicomWebRoot, qidoPageSize: 1 });
    assert.deepEqual(await smallPages.listCandidates(), all);
    assert.deepEqual(await source.listCandidates({ limit: 3 }), all.slice(0, 3));
    assert.deepEqual(await source.listCandidates({ offset: 3, limit: 2 }), all.slice(3, 5));
    assert.deepEqual(await smallPages.listCandidates({ offset: 5 }), all.slice(5));
    assert.deepEqual(await source.listCandidates({ offset: 7 }), []);
    await assert.rejects(source.listCandidates({ limit: 0 }), RangeError);
    await assert.rejects(source.listCandidates({ studyDate: { from: '20241301' } }), /studyDate.from/);
  });

  it('an unknown study is an empty list, not an error', async () => {
    assert.deepEqual(await source.listCandidates({ studyInstanceUid: '2.25.999' }), []);
  });

  it('fetches uncompressed frames bit-identical to the pure preprocessing of the uploaded file', async () => {
    const uncompressed = (await source.listCandidates()).filter((c) => c.sopInstanceUid !== JPEG_SOP);
    assert.equal(uncompressed.length, 6);
    for (const candidate of uncompressed) {
      const fetched = await source.fetchFrame(candidate);
      assert.equal(fetched.path, 'instance', candidate.id);
      const expected = readDicomFramePlane(file(candidate.sopInstanceUid), candidate.frame - 1);
      assert.deepEqual(
        [fetched.plane.width, fetched.plane.height, fetched.plane.channels],
        [expected.width, expected.height, expected.channels],
      );
      assert.deepEqual(
        new Uint8Array(fetched.plane.data.buffer),
        new Uint8Array(expected.data.buffer),
        candidate.id,
      );
    }
  });

  it('fetches the PACS-rendered frame when asked, within one grey level of the pure preprocessing', async () => {
    const frame = {
      studyInstanceUid: '2.25.100',
      seriesInstanceUid: '2.25.100.2',
      sopInstanceUid: '2.25.100.2.1',
      frame: 3,
    };
    const fetched = await source.fetchFrame(frame, { path: 'rendered' });
    assert.equal(fetched.path, 'rendered');
    assert.equal(fetched.path === 'rendered' && fetched.reason, 'requested');
    const expected = readDicomFramePlane(file(frame.sopInstanceUid), frame.frame - 1);
    assert.deepEqual([fetched.plane.width, fetched.plane.height, fetched.plane.channels], [4, 3, 1]);
    const worst = Math.max(...expected.data.map((v, i) => Math.abs(v - fetched.plane.data[i]!)));
    assert.ok(worst <= 1 / 255 + 1e-6, `rendered differs by ${worst}`);
  });

  it('lets the PACS decompress by default: a JPEG instance arrives as Explicit VR Little Endian', async () => {
    const fetched = await source.fetchFrame(JPEG_FRAME);
    assert.deepEqual(
      fetched.path === 'instance' && fetched.transferSyntaxUid,
      TRANSFER_SYNTAX.explicitLittle,
    );
    assertCloseToJpegSource(fetched.plane);
  });

  it('falls back to the rendered frame for a compressed instance fetched as stored, and says so', async () => {
    const asStored = new DicomWebImageSource({ url: orthanc.dicomWebRoot, retrieveTransferSyntax: '*' });
    const fetched = await asStored.fetchFrame(JPEG_FRAME);
    assert.deepEqual(
      fetched.path === 'rendered' && [fetched.path, fetched.reason, fetched.transferSyntaxUid],
      ['rendered', 'unsupported-transfer-syntax', TRANSFER_SYNTAX.jpegBaseline],
    );
    assertCloseToJpegSource(fetched.plane);
  });

  it('a missing instance is a PacsHttpError 404 that names the URL', async () => {
    const frame = {
      studyInstanceUid: '2.25.100',
      seriesInstanceUid: '2.25.100.1',
      sopInstanceUid: '2.25.100.1.99',
      frame: 1,
    };
    await assert.rejects(source.fetchFrame(frame), (error: unknown) => {
      assert.ok(error instanceof PacsHttpError, String(error));
      assert.equal(error.status, 404);
      assert.match(error.message, /HTTP 404/);
      assert.equal(
        error.url,
        `${orthanc.dicomWebRoot}/studies/2.25.100/series/2.25.100.1/instances/2.25.100.1.99`,
      );
      return true;
    });
  });

  it('a stopped PACS is a PacsUnreachableError', async () => {
    await orthanc.stop();
    await assert.rejects(source.listCandidates(), (error: unknown) => {
      assert.ok(error instanceof PacsUnreachableError, String(error));
      assert.match(error.message, new RegExp(`unreachable.*${orthanc.dicomWebRoot}/studies`));
      return true;
    });
  });
});
