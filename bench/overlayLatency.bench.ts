// Time from an image being displayed in the OHIF viewer to its uncertainty overlay being drawn: the badge
// showing that image's scores (WADO-RS fetch, decode, the plan's m patches through the published classifier
// in onnxruntime-web on WASM, worthiness), and with the heat map on (m patches plus the sliding windows).
// Real Chromium, real viewer, real trainer and Orthanc, as in test/e2e; m = 8 (dihedral) and m = 16.
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import type { AugmentationPlan } from '@aift/selection-core';
import { startChromium } from '../test/support/chromium.js';
import { signIn } from '../test/support/viewerSignIn.js';
import { startProduct } from '../test/e2e/productStack.js';
import { median, publish } from './lib/report.js';
import { percentile } from './lib/percentile.js';

const IMAGES = 24;
/** The first displays include loading the model and warming the WASM kernels: not timed. */
const WARMUP = 3;

/**
 * Opens `frame` and resolves with the milliseconds from the first animation frame in which the viewer
 * shows it to the first in which the badge shows its scores (and the heat map, when `heatMap`).
 */
const MEASURE = `window.__measureOverlay = (frame, heatMap) => new Promise((resolve) => {
  let displayedAt = null;
  const same = (f) => f && f.sopInstanceUid === frame.sopInstanceUid;
  const tick = () => {
    const now = performance.now();
    const services = __aift.services();
    if (displayedAt === null && same(__aift.displayedFrame())) displayedAt = now;
    const score = services.score.get();
    const map = services.heatMap.get();
    const badge = document.querySelector('[data-testid="aift-badge-entropy"]');
    const drawn = score && same(score.frame) && badge && badge.getAttribute('data-value') === String(score.entropy)
      && (!heatMap || (map && same(map.frame) && document.querySelector('[data-testid="aift-heatmap"]')));
    if (displayedAt !== null && drawn) resolve(now - displayedAt);
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  __aift.open(frame);
});`;

interface Row {
  m: number;
  heatMap: boolean;
  threads: number;
  provider: string;
  times: number[];
}

async function measure(plan: AugmentationPlan, heatMap: boolean): Promise<Row> {
  const product = await startProduct({ images: IMAGES, stackImages: 0, trainEvery: 1000, plan });
  const chromium = await startChromium();
  try {
    const page = await chromium.context.newPage();
    const first = product.studies[0]!;
    await page.goto(`${product.viewerUrl}/aift?StudyInstanceUIDs=${first.studyInstanceUid}`);
    await signIn(page, product.alice);
    await page.waitForFunction('globalThis.__aift?.services()?.model.get() != null', null, {
      timeout: 90_000,
    });
    await page.evaluate(MEASURE);
    if (heatMap) await page.evaluate('__aift.services().toggleHeatMap(true)');
    const backend = await page.evaluate<{ provider: string; threads: number }>(
      '__aift.services().model.get().backend',
    );
    const times: number[] = [];
    for (const [i, study] of product.studies.entries()) {
      const frame = {
        studyInstanceUid: study.studyInstanceUid,
        seriesInstanceUid: study.seriesInstanceUid,
        sopInstanceUid: study.sopInstanceUid,
        frame: 1,
      };
      const ms = await page.evaluate<number>(
        `__measureOverlay(${JSON.stringify(frame)}, ${String(heatMap)})`,
      );
      if (i >= WARMUP) times.push(ms);
    }
    return { m: plan.transforms.length, heatMap, ...backend, times };
  } finally {
    await chromium.close();
    await product.stop();
  }
}

const rows: Row[] = [];
for (const plan of [buildPlan(PLAN_PRESETS.dihedral), buildPlan({ ...PLAN_PRESETS.paper, patches: 16 })]) {
  for (const heatMap of [false, true]) rows.push(await measure(plan, heatMap));
}
const ms = (v: number) => `${v.toFixed(0)} ms`;
publish(
  'overlayLatency',
  `# Overlay latency in the viewer (display -> overlay drawn)

From the first animation frame in which OHIF shows an image to the first in which the badge shows that
image's scores (and, second row of each m, the heat map too). Includes the WADO-RS fetch through the gateway,
decoding, the plan's m patches (plus the heat map's 3 x 3 windows) through the published MobileNetV2
classifier in onnxruntime-web, and worthiness. ${IMAGES - WARMUP} images of 64 x 64 px per row (the first
${WARMUP} displays are not timed: model load and WASM warm-up). Headless Chromium (Debian), GPU off.

| m | heat map | ort backend | threads | images | median | p90 |
|---|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.m} | ${r.heatMap ? 'on' : 'off'} | ${r.provider} | ${r.threads} | ${r.times.length} | ${ms(median(r.times))} | ${ms(percentile(r.times, 90))} |`,
  )
  .join('\n')}

Run: \`npm run bench -- overlayLatency\` (after \`npm run build\`).`,
);
