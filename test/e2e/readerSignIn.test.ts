// Who is labeling, end to end: the real OHIF viewer in real Chromium, the real trainer and a real Orthanc
// behind the gateway. Nothing the gateway serves carries a credential; /dicom-web answers only signed-in
// readers; the viewer asks who is labeling before the study list queries the PACS, sends the reader's
// token on every DICOMweb request (QIDO-RS, WADO-RS metadata, pixels), stores labels under that reader,
// and asks again after "Sign out". Screenshots of the sign-in screen and the signed-in panel go to
// test-artifacts/e2e/ (docs/screenshots/ keeps reviewed copies).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { z } from 'zod';
import { LabelExportRowSchema } from '../../trainer-server/src/api/schemas/index.js';
import { DEMO_PATIENT } from './shapeStudies.js';
import { startChromium } from '../support/chromium.js';
import type { RunningChromium } from '../support/chromium.js';
import { signIn } from '../support/viewerSignIn.js';
import { call } from '../trainer-server/api/support.js';
import { startProduct } from './productStack.js';
import type { ProductStack } from './productStack.js';

const ARTIFACTS = join('test-artifacts', 'e2e');
/** The sessionStorage key the extension keeps the token under (extension/src/services/readerSignIn.ts). */
const TOKEN_KEY = 'aift.readerToken';

/** A /dicom-web request the page sent: what kind, and the Authorization header it carried. */
interface DicomWebRequest {
  readonly kind: 'qido' | 'metadata' | 'pixels' | 'other';
  readonly authorization: string | undefined;
  readonly status: number | null;
}

function kindOf(path: string): DicomWebRequest['kind'] {
  if (path.includes('/frames/') || path.endsWith('/rendered') || path.endsWith('/thumbnail')) return 'pixels';
  if (path.endsWith('/metadata')) return 'metadata';
  if (/\/(studies|series|instances)$/.test(path)) return 'qido';
  return 'other';
}

describe('readers sign in to the viewer; the gateway serves no credential and guards the PACS', () => {
  let product: ProductStack;
  let chromium: RunningChromium;
  let page: Page;
  const dicomWeb: DicomWebRequest[] = [];
  const pageErrors: string[] = [];

  const labelsBy = async (annotator: string) => {
    const reply = await call(product.trainerUrl, 'GET', '/api/labels/export?format=json', {
      token: product.admin,
    });
    return reply.as(z.array(LabelExportRowSchema)).filter((r) => r.annotator === annotator);
  };

  /** Opens the next worklist case (N), labels it with the first class's hotkey, waits for the server to store it. */
  const labelOneCase = async (annotator: string) => {
    const before = (await labelsBy(annotator)).length;
    await page.getByTestId('aift-panel').waitFor({ timeout: 90_000 });
    await page.keyboard.press('n');
    // A worklist case on screen, scored: the class keys label it from then on.
    await page.waitForFunction(
      `(() => {
        const services = globalThis.__aift?.services();
        const shown = globalThis.__aift?.displayedFrame()?.sopInstanceUid;
        return services?.currentCase.get()?.sopInstanceUid === shown && services?.score.get()?.frame.sopInstanceUid === shown;
      })()`,
      null,
      { timeout: 60_000 },
    );
    await page.keyboard.press('1');
    for (const end = Date.now() + 30_000; (await labelsBy(annotator)).length === before;) {
      assert.ok(Date.now() < end, `no label by ${annotator} reached the server`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    product = await startProduct({ images: 8, stackImages: 0, trainEvery: 1000 });
    chromium = await startChromium({ viewport: { width: 1400, height: 900 } });
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const record = (request: Request, status: number | null) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/dicom-web/')) return;
      dicomWeb.push({ kind: kindOf(url.pathname), authorization: request.headers().authorization, status });
    };
    page.on('requestfinished', (request) => {
      void request.response().then((response) => record(request, response?.status() ?? null));
    });
    page.on('requestfailed', (request) => record(request, null));
  });
  after(async () => {
    await chromium?.close();
    await product?.stop();
  });

  it('serves no credential: not in the page, its config or the plugins', async () => {
    const secrets = [product.alice, product.bob, product.admin];
    for (const path of ['/', '/index.html', '/aift', '/app-config.js', '/aift/plugins/aift-extension.mjs']) {
      const response = await fetch(`${product.viewerUrl}${path}`);
      assert.equal(response.status, 200, path);
      const text = await response.text();
      for (const secret of secrets) assert.ok(!text.includes(secret), `${path} holds a token`);
      assert.doesNotMatch(text, /Bearer [A-Za-z0-9]/, `${path} holds an Authorization value`);
    }
    const config = await (await fetch(`${product.viewerUrl}/app-config.js`)).text();
    assert.doesNotMatch(config, /token/i, 'app-config.js names a token');
  });

  it('answers /dicom-web only with a reader token (401 without, 200 with)', async () => {
    const studies = `${product.viewerUrl}/dicom-web/studies?PatientID=${DEMO_PATIENT.PatientID}`;
    const anonymous = await fetch(studies);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    assert.ok(!(await anonymous.text()).includes(product.studies[0]!.studyInstanceUid));
    const wrong = await fetch(studies, { headers: { Authorization: 'Bearer not-a-reader-token' } });
    assert.equal(wrong.status, 401);
    const reader = await fetch(studies, { headers: { Authorization: `Bearer ${product.alice}` } });
    assert.equal(reader.status, 200);
    assert.ok((await reader.text()).includes(product.studies[0]!.studyInstanceUid));
  });

  it('asks who is labeling before the study list queries the PACS; a wrong token is not accepted', async () => {
    await page.goto(`${product.viewerUrl}/`);
    await page.getByTestId('aift-sign-in').waitFor({ timeout: 90_000 });
    await page.getByText('Who is labeling?').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in-page.png') });
    const form = page.getByTestId('aift-sign-in-form');
    await form.screenshot({ path: join(ARTIFACTS, 'sign-in.png') });
    await page.getByTestId('aift-sign-in-token').fill('READER_1_TOKEN=not-the-real-token');
    await page.getByTestId('aift-sign-in-submit').click();
    const problem = page.getByTestId('aift-sign-in-problem');
    await problem.waitFor();
    assert.match(await problem.innerText(), /^Token not accepted/);
    await form.screenshot({ path: join(ARTIFACTS, 'sign-in-refused.png') });
    assert.deepEqual(dicomWeb, [], 'the study list queried the PACS before anyone signed in');
    assert.equal(await page.evaluate(`sessionStorage.getItem('${TOKEN_KEY}')`), null);
  });

  it("shows the study list once signed in, every DICOMweb request carrying the reader's token", async () => {
    await signIn(page, `READER_1_TOKEN=${product.alice}`); // the whole line npm start prints works too
    await page.getByText('AIFT SYNTHETIC DEMO').first().waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(`sessionStorage.getItem('${TOKEN_KEY}')`), product.alice);
    assert.equal(await page.evaluate(`localStorage.getItem('${TOKEN_KEY}')`), null);
  });

  it('labels as alice in the AIFT mode: the panel names her, the server stores her label', async () => {
    const study = product.studies[0]!.studyInstanceUid;
    await page.goto(`${product.viewerUrl}/aift?StudyInstanceUIDs=${study}`);
    // Kept for the tab: the reload does not ask again.
    const reader = page.getByTestId('aift-reader');
    await reader.waitFor({ timeout: 90_000 });
    assert.equal(await reader.getAttribute('data-name'), 'alice');
    await page.getByRole('button', { name: 'Confirm and hide' }).click();
    await labelOneCase('alice');
    await page.waitForSelector('[data-testid="aift-badge-entropy"]', { timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'signed-in-viewer.png') });
    // The panel's top: the reader bar, the model's state and the case on screen.
    const bar = await reader.boundingBox();
    assert.ok(bar);
    await page.screenshot({
      path: join(ARTIFACTS, 'signed-in-panel.png'),
      clip: { x: bar.x, y: bar.y - 36, width: bar.width, height: 420 },
    });
    const kinds = new Set(dicomWeb.map((r) => r.kind));
    for (const kind of ['qido', 'metadata', 'pixels'] as const)
      assert.ok(kinds.has(kind), `no ${kind} request`);
    const unsigned = dicomWeb.filter((r) => r.authorization !== `Bearer ${product.alice}`);
    assert.deepEqual(unsigned, [], 'DICOMweb requests without the reader token');
    assert.deepEqual(
      dicomWeb.filter((r) => r.status === 401),
      [],
    );
  });

  it('signs out: the token is forgotten and the viewer asks again; bob signs in and labels as bob', async () => {
    const leasesOf = (who: string) => product.trainer().store.leases.active(who).length;
    const held = leasesOf('alice');
    assert.ok(held > 0, 'alice holds no case to give back');
    await page.getByTestId('aift-sign-out').click();
    await page.getByTestId('aift-sign-in-token').waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(`sessionStorage.getItem('${TOKEN_KEY}')`), null);
    assert.equal(leasesOf('alice'), 0, 'signing out kept the cases alice held from the next reader');
    const beforeBob = dicomWeb.length;
    await signIn(page, product.bob);
    const reader = page.getByTestId('aift-reader');
    await reader.waitFor({ timeout: 90_000 });
    assert.equal(await reader.getAttribute('data-name'), 'bob');
    await labelOneCase('bob');
    assert.equal((await labelsBy('alice')).length, 1);
    assert.equal((await labelsBy('bob')).length, 1);
    const bobs = dicomWeb.slice(beforeBob);
    assert.ok(bobs.length > 0);
    assert.deepEqual(
      bobs.filter((r) => r.authorization !== `Bearer ${product.bob}`),
      [],
    );
    assert.deepEqual(pageErrors, []);
  });
});
