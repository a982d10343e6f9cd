// A reader's wait between cases: from pressing a class key to the next worklist case on screen, over 50 cases
// in a row (the worklist refilling in the background as it runs low, the model retraining every 16 labels as
// the product does by default), against, in the same run, the viewer's own time to show a case opened
// directly, which the reader waits for anyway. Real Chromium, real viewer, trainer and Orthanc (test/e2e).
import { loadavg } from 'node:os';
import { startChromium } from '../test/support/chromium.js';
import { signIn } from '../test/support/viewerSignIn.js';
import { startProduct } from '../test/e2e/productStack.js';
import { median, publish } from './lib/report.js';
import { percentile } from './lib/percentile.js';

const IMAGES = 80;
const CASES = 50;
const DIRECT_OPENS = 10;
const TRAIN_EVERY = 16;

/**
 * `__armNextCase()` waits for the next real key press (capture phase, before the panel's own listener) and
 * then resolves `__nextCaseWait` with the milliseconds from that press to the first animation frame in which
 * the viewer shows another image that is a worklist case. `__openDirect(frame)` times a direct open instead.
 */
const MEASURE = `
window.__armNextCase = () => {
  const before = __aift.displayedFrame()?.sopInstanceUid;
  window.__nextCaseWait = new Promise((resolve) => {
    const onKey = () => {
      document.removeEventListener('keydown', onKey, true);
      const pressed = performance.now();
      const tick = () => {
        const shown = __aift.displayedFrame();
        const listed = __aift.services().worklist.get().cases.some((c) => c.sopInstanceUid === shown?.sopInstanceUid);
        if (shown && shown.sopInstanceUid !== before && listed) resolve(performance.now() - pressed);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    };
    document.addEventListener('keydown', onKey, true);
  });
};
window.__openDirect = (frame) => new Promise((resolve) => {
  const asked = performance.now();
  const tick = () => {
    if (__aift.displayedFrame()?.sopInstanceUid === frame.sopInstanceUid) resolve(performance.now() - asked);
    else requestAnimationFrame(tick);
  };
  __aift.open(frame);
  requestAnimationFrame(tick);
});`;

const loadAtStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const product = await startProduct({ images: IMAGES, stackImages: 0, trainEvery: TRAIN_EVERY });
const chromium = await startChromium();
const times: number[] = [];
const refills: number[] = [];
const direct: number[] = [];
let published = 0;
try {
  const page = await chromium.context.newPage();
  let worklistFetches = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/worklist') worklistFetches++;
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/models/') && response.url().endsWith('model.onnx'))
      published++;
  });
  const first = product.studies[0]!;
  await page.goto(`${product.viewerUrl}/aift?StudyInstanceUIDs=${first.studyInstanceUid}&aiftCase=top`);
  await signIn(page, product.alice);
  await page.waitForFunction(
    `(() => { const s = globalThis.__aift?.services(); const shown = globalThis.__aift?.displayedFrame();
       return s?.model.get() != null && s.worklist.get().cases.some((c) => c.sopInstanceUid === shown?.sopInstanceUid); })()`,
    null,
    { timeout: 120_000 },
  );
  await page.evaluate(MEASURE);
  // The viewer's own display time for a case opened directly: what any case costs the reader.
  for (const study of product.studies.slice(-DIRECT_OPENS - 1, -1)) {
    const frame = {
      studyInstanceUid: study.studyInstanceUid,
      seriesInstanceUid: study.seriesInstanceUid,
      sopInstanceUid: study.sopInstanceUid,
      frame: 1,
    };
    direct.push(await page.evaluate<number>(`__openDirect(${JSON.stringify(frame)})`));
  }
  await page.evaluate(`__aift.services().nextCase()`);
  for (let i = 0; i < CASES; i++) {
    const sop = await page.evaluate<string>('__aift.displayedFrame().sopInstanceUid');
    const shape = product.shapeOf.get(sop);
    if (shape === undefined) throw new Error(`case ${i}: unknown image ${sop}`);
    const fetchesBefore = worklistFetches;
    await page.evaluate('__armNextCase()');
    await page.keyboard.press(String(['disc', 'square'].indexOf(shape) + 1));
    times.push(await page.evaluate<number>('__nextCaseWait'));
    if (worklistFetches > fetchesBefore) refills.push(i);
  }
} finally {
  await chromium.close();
  await product.stop();
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const withRefill = times.filter((_, i) => refills.includes(i));
publish(
  'nextCase',
  `# A reader's wait between cases: class key -> next case on screen

Command: \`npm run bench -- nextCase\` (after \`npm run build\`). The product as the end-to-end tests run it
(\`test/e2e/productStack.ts\`: the trainer with the default backbone and its gateway, a real Orthanc with
${IMAGES} synthetic 64 x 64 px studies, the prebuilt OHIF viewer in headless Chromium, GPU off), signed in as
one reader, training every ${TRAIN_EVERY} labels as the product does. ${CASES} cases labeled in a row by their
class key: each time is from the key press to the first animation frame that shows the next worklist case.
The panel refills the worklist in the background once half of it is left; "with a refill" counts the cases
during whose wait a worklist request went out. The limit it is judged against, measured in the same run:
the viewer's own time to show a case opened directly (${DIRECT_OPENS} opens), which every case costs anyway.

| | cases | median | p90 | max |
|---|---:|---:|---:|---:|
| class key -> next case | ${times.length} | ${ms(median(times))} | ${ms(percentile(times, 90))} | ${ms(Math.max(...times))} |
| of which with a refill | ${withRefill.length} | ${withRefill.length ? ms(median(withRefill)) : '-'} | ${withRefill.length ? ms(percentile(withRefill, 90)) : '-'} | ${withRefill.length ? ms(Math.max(...withRefill)) : '-'} |
| a case opened directly (the limit) | ${direct.length} | ${ms(median(direct))} | ${ms(percentile(direct, 90))} | ${ms(Math.max(...direct))} |

Median ratio, next case / direct open: ${(median(times) / median(direct)).toFixed(2)}. Model versions loaded by
the viewer during the run: ${published}. Load average (1, 5, 15 min) at start: ${loadAtStart}; at the end:
${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')} (2 cores, shared machine).`,
);
