// The panel, badge, strip and heat map in real Chromium with the real React: clicks and keys reach the
// services' methods, the notes field and the strip keep their keys from the document's hotkey listener, the
// components follow their observables, and the heat map canvas holds the colours heatMapRaster computed.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { viridis } from '../../../extension/src/components/colourMap.js';
import { startChromium } from '../../support/chromium.js';
import type { RunningChromium } from '../../support/chromium.js';
import type { PanelPage } from './panelPage.js';

declare const aiftPanel: PanelPage;

const ARTIFACTS = join('test-artifacts', 'panel');

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'panelPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // React's development build: it reports invalid markup, missing keys and the like to console.error.
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('the labeling components in Chromium', () => {
  let chromium: RunningChromium;
  let page: Page;
  const problems: string[] = [];
  const calls = () => page.evaluate(() => aiftPanel.calls());
  const documentKeys = () => page.evaluate(() => aiftPanel.documentKeys());
  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);

  before(async () => {
    const script = await bundlePage();
    chromium = await startChromium({ viewport: { width: 800, height: 1000 } });
    page = await chromium.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setContent('<!doctype html><html><head></head><body></body></html>');
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => 'aiftPanel' in globalThis);
    await testId('aift-panel').waitFor();
  });
  after(async () => {
    await chromium?.close();
  });
  beforeEach(() => page.evaluate(() => aiftPanel.clear()));

  it('mounts with one shared style element and no React warnings', async () => {
    assert.equal(await page.locator('style#aift-style').count(), 1);
    assert.deepEqual(problems, []);
  });

  it('labels by button, sends the note with the label, then clears it', async () => {
    await testId('aift-label-pneumonia').click();
    await testId('aift-note').fill('rib fracture?');
    await testId('aift-skip').click();
    assert.deepEqual(await calls(), [
      { method: 'label', args: ['pneumonia'] },
      { method: 'label', args: ['skip', 'rib fracture?'] },
    ]);
    assert.equal(await testId('aift-note').inputValue(), '');
  });

  it('keeps keys typed into the note from the document hotkeys; other keys reach them', async () => {
    await testId('aift-note').focus();
    await page.keyboard.press('Control+Z');
    await page.keyboard.type('1 s u n');
    assert.deepEqual(await documentKeys(), []);
    await testId('aift-label-normal').click();
    assert.deepEqual(await calls(), [{ method: 'label', args: ['normal', '1 s u n'] }]);

    await testId('aift-note').blur();
    await page.keyboard.press('x');
    assert.deepEqual(await documentKeys(), ['x']);
  });

  it('works from the keyboard: Tab reaches the buttons with a visible focus ring, Enter presses them', async () => {
    await testId('aift-label-pneumonia').focus();
    await page.keyboard.press('Tab');
    assert.deepEqual(await page.evaluate(() => aiftPanel.focused()), {
      testId: 'aift-label-effusion',
      outlineStyle: 'solid',
    });
    await page.keyboard.press('Enter');
    await testId('aift-undo').click();
    await testId('aift-next').click();
    assert.deepEqual(await calls(), [
      { method: 'label', args: ['effusion'] },
      { method: 'undo', args: [] },
      { method: 'nextCase', args: [] },
    ]);
  });

  it('opens a worklist case by Enter or click, without the Enter reaching the document', async () => {
    const rows = testId('aift-worklist-row');
    await rows.nth(0).focus();
    await page.keyboard.press('Enter');
    await rows.nth(2).click();
    assert.deepEqual(await calls(), [
      { method: 'openCase', args: ['c-17'] },
      { method: 'openCase', args: ['c-9'] },
    ]);
    assert.deepEqual(await documentKeys(), []);
  });

  it('shows a failed action in place until the image on screen changes', async () => {
    await page.evaluate(() => aiftPanel.failNextOpen('the viewer did not show the case'));
    await testId('aift-worklist-row').nth(2).click();
    await testId('aift-action-error').waitFor();
    assert.equal(await testId('aift-action-error').textContent(), 'the viewer did not show the case');
    await page.evaluate(() => aiftPanel.showCase('c-17'));
    await testId('aift-action-error').waitFor({ state: 'detached' });
  });

  it('jumps along the strip by keys and clicks', async () => {
    await testId('aift-strip').focus();
    for (const key of ['ArrowRight', 'Home', 'End', 'PageUp', 'Enter']) await page.keyboard.press(key);
    await testId('aift-strip-cell').nth(1).click();
    assert.deepEqual(
      (await calls()).map((call) => call.args[0]),
      [3, 0, 4, 0, 1],
      'Enter goes to the most worthy frame, the one on screen already: no jump',
    );
    assert.ok((await calls()).every((call) => call.method === 'jumpToFrame'));
    assert.deepEqual(await documentKeys(), []);
  });

  it('toggles the heat map and sets its opacity', async () => {
    await testId('aift-heatmap-toggle').click();
    await testId('aift-heatmap-opacity').focus();
    await page.keyboard.press('ArrowLeft');
    const [toggle, opacity] = await calls();
    assert.deepEqual(toggle, { method: 'toggleHeatMap', args: [false] });
    assert.equal(opacity?.method, 'setOpacity');
    assert.ok(Math.abs((opacity.args[0] as number) - 0.4) < 1e-9, `opacity ${String(opacity.args[0])}`);
    assert.deepEqual(await documentKeys(), []);
  });

  it('follows its observables: a new model, a re-ranked worklist', async () => {
    await page.evaluate(() => aiftPanel.publishModel('v4'));
    assert.equal(await testId('aift-model-version').getAttribute('data-value'), 'v4');
    assert.equal(await testId('aift-badge-status').textContent(), 'rescoring…');
    await page.evaluate(() => aiftPanel.rank(['c-9', 'c-17']));
    const rows = await testId('aift-worklist-row').all();
    assert.deepEqual(await Promise.all(rows.map((row) => row.getAttribute('data-candidate-id'))), [
      'c-9',
      'c-17',
    ]);
    assert.equal(await testId('aift-worklist-model').textContent(), 'by worthiness · v4');
  });

  it('draws the heat map into the canvas, the opacity on the element', async () => {
    await page.evaluate(() => aiftPanel.showHeatMap());
    await page.locator('[data-testid="aift-heatmap"][data-model-version="v3"]').waitFor();
    const { opacity, rgba } = await page.evaluate(() => aiftPanel.heatMap());
    const at = (x: number, y: number) => rgba.slice(4 * (y * 64 + x), 4 * (y * 64 + x) + 4);
    const pixels = { topLeft: at(8, 8), topRight: at(56, 8), bottomLeft: at(8, 56), bottomRight: at(56, 56) };
    const colour = (t: number) => [...viridis(Math.round(t * 255) / 255), 255];
    assert.deepEqual(pixels, {
      topLeft: colour(0),
      topRight: colour(0.25),
      bottomLeft: colour(0.75),
      bottomRight: colour(1),
    });
    assert.equal(opacity, '0.45');
    assert.deepEqual(problems, []);
  });

  it('shows the audited learning curve with its intervals, what it is, and the labels-saved sentence', async () => {
    const curve = testId('aift-curve');
    await curve.scrollIntoViewIfNeeded();
    assert.ok(await curve.isVisible(), 'the curve is not on screen');
    assert.equal(await testId('aift-curve-interval').count(), 2);
    assert.equal(await testId('aift-curve-point').count(), 2);
    assert.match((await curve.locator('..').getAttribute('title')) ?? '', /blind audit sample/);
    assert.equal(
      await testId('aift-curve-summary').innerText(),
      'AUC 0.835 (95% 0.660–0.960) on 14 audit cases, model v3 trained on 21 labels',
    );
    const saved = testId('aift-labels-saved');
    assert.ok(await saved.isVisible());
    assert.match(await saved.innerText(), /^Labels saved vs random: not yet measurable/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await curve
      .locator('xpath=ancestor::section[1]')
      .screenshot({ path: join(ARTIFACTS, 'learning-curve.png') });
    assert.deepEqual(problems, []);
  });
});
