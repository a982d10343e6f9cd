// The real OHIF 3.13.2 dist behind the gateway, in real Chromium: the study list shows a study from a real
// Orthanc through /dicom-web, the page is cross-origin isolated (what onnxruntime-web's threads need), and
// the viewer route fetches the study's pixels through the same-origin data source. Without our extension
// (it signs readers in; test/e2e), the browser sends a reader's token as an extra header on every request.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_OHIF_CACHE_DIR, ensureOhifDist, startViewerGateway } from '../../viewer/src/index.js';
import type { RunningViewerGateway } from '../../viewer/src/index.js';
import { startChromium } from '../support/chromium.js';
import type { RunningChromium } from '../support/chromium.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { SERIES_UID, STUDY, standInTrainer, studyFiles } from './support.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'viewer');

describe('OHIF behind the viewer gateway, in Chromium', () => {
  let orthanc: RunningOrthanc | undefined;
  let gateway: RunningViewerGateway | undefined;
  let chromium: RunningChromium | undefined;
  let page: Page;
  const trainer = standInTrainer();
  /** Responses from the gateway that failed (status >= 400), as "status url". */
  const failures: string[] = [];

  before(async () => {
    const ohifDir = await ensureOhifDist(DEFAULT_OHIF_CACHE_DIR);
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, [...studyFiles().values()]);
    gateway = await startViewerGateway({
      ohifDir,
      dicomWeb: { target: orthanc.dicomWebRoot },
      trainer: { app: trainer.app, requireUser: trainer.requireUser },
    });
    chromium = await startChromium();
    await chromium.context.setExtraHTTPHeaders({ Authorization: `Bearer ${trainer.readerToken}` });
    page = await chromium.context.newPage();
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
  });

  after(async () => {
    await chromium?.close();
    await gateway?.close();
    await orthanc?.stop();
    trainer.close();
  });

  it('lists the PACS study on the study list page, cross-origin isolated', async () => {
    await page.goto(`${gateway!.url}/`);
    await page.getByText(STUDY.StudyDescription).first().waitFor({ timeout: 30_000 });
    await page.getByText(STUDY.PatientID).first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'study-list.png') });
    assert.equal(await page.evaluate('crossOriginIsolated'), true);
    assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
    // The import map resolves `onnxruntime-web` to the served ES module, as the extension will import it.
    assert.equal(
      await page.evaluate("import('onnxruntime-web').then((ort) => typeof ort.InferenceSession.create)"),
      'function',
    );
    assert.deepEqual(failures, []);
  });

  it("opens the study in OHIF's viewer route, its frames fetched by WADO-RS through /dicom-web", async () => {
    const framePath = `/dicom-web/studies/${STUDY.StudyInstanceUID}/series/${SERIES_UID}/instances/`;
    const frame = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith(framePath), {
      timeout: 30_000,
    });
    await page.goto(`${gateway!.url}/viewer?StudyInstanceUIDs=${STUDY.StudyInstanceUID}`);
    assert.equal((await frame).status(), 200);
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'viewer.png') });
    assert.equal(await page.evaluate('crossOriginIsolated'), true);
    assert.deepEqual(failures, []);
  });
});
