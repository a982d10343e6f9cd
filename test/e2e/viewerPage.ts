// What the labeling viewer shows, read from the rendered panel and badge of a real page, and waits on it:
// shared by the browser tests that drive the AIFT mode (labelingLoop, radiologistJourney).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** What the page shows, read from the rendered panel and badge (exact values from data-value). */
export interface Shown {
  modelVersion: string | null;
  displayedSop: string | null;
  caseId: string | null;
  /** The frame the badge's numbers belong to. */
  scoredSop: string | null;
  worklistModel: string | null;
  worklistSops: string[];
  badge: Record<'class' | 'probability' | 'entropy' | 'diversity' | 'worthiness' | 'model', string | null>;
  online: string | null;
  queued: string | null;
  stripCells: (string | null)[];
  heatMap: boolean;
  /** The in-place message about the image on screen (its status), when one shows. */
  screenMessage: string | null;
  /** The server's cold-start rank of the case, as the panel words it. */
  casePick: string | null;
  /** The undo confirmation, while its case is on screen. */
  undone: string | null;
  /** The class button marked as the answer undo took back. */
  previous: string | null;
  untrainedBadge: boolean;
  /** Every message the panel shows now (problems, failed actions, connection errors), by test id. */
  messages: string[];
}

/**
 * Runs in the page. A string, not a function: the test runs through tsx, whose compiled functions call a
 * helper (__name) that does not exist in the page, and the test project has no DOM types.
 */
const READ_PAGE = `(() => {
  const value = (id) => document.querySelector('[data-testid="' + id + '"]')?.getAttribute('data-value') ?? null;
  const connection = document.querySelector('[data-testid="aift-connection"]');
  const services = globalThis.__aift?.services();
  return {
    modelVersion: value('aift-model-version'),
    displayedSop: globalThis.__aift?.displayedFrame()?.sopInstanceUid ?? null,
    caseId: services?.currentCase.get()?.candidateId ?? null,
    scoredSop: services?.score.get()?.frame.sopInstanceUid ?? null,
    worklistModel: services?.worklist.get().modelVersion ?? null,
    worklistSops: services?.worklist.get().cases.map((c) => c.sopInstanceUid.split('.').slice(-3).join('.')) ?? [],
    badge: {
      class: value('aift-badge-class'),
      probability: value('aift-badge-probability'),
      entropy: value('aift-badge-entropy'),
      diversity: value('aift-badge-diversity'),
      worthiness: value('aift-badge-worthiness'),
      model: value('aift-badge-model'),
    },
    online: connection?.getAttribute('data-online') ?? null,
    queued: connection?.getAttribute('data-queued') ?? null,
    stripCells: [...document.querySelectorAll('[data-testid="aift-overlay"] [data-testid="aift-strip-cell"]')].map((c) => c.getAttribute('data-value')),
    heatMap: document.querySelector('[data-testid="aift-heatmap"]') !== null,
    screenMessage: document.querySelector('[data-testid="aift-screen-message"]')?.getAttribute('data-status') ?? null,
    casePick: document.querySelector('[data-testid="aift-case-pick"]')?.textContent ?? null,
    undone: document.querySelector('[data-testid="aift-undone"]')?.textContent ?? null,
    previous: document.querySelector('[data-previous="true"]')?.getAttribute('data-testid') ?? null,
    untrainedBadge: document.querySelector('[data-testid="aift-badge-class"]')?.getAttribute('data-untrained') === 'true',
    messages: [...document.querySelectorAll('[data-testid="aift-problem"], [data-testid="aift-action-error"], [data-testid="aift-connection-error"], [data-testid="aift-sign-in-problem"]')]
      .map((e) => e.getAttribute('data-testid') + ': ' + e.textContent),
  };
})()`;

/** A worklist case is on screen and the badge shows its scores under `version`. */
export const isScoredCase = (s: Shown, version: string) =>
  s.caseId !== null && s.displayedSop !== null && s.scoredSop === s.displayedSop && s.badge.model === version;

export interface ViewerPage {
  shown(): Promise<Shown>;
  /** Polls what is shown until `ready`; on a timeout, saves a screenshot and the history and throws. */
  until(what: string, ready: (s: Shown) => boolean, ms?: number): Promise<Shown>;
  /** A screenshot of the whole page into the artifacts folder, as `<name>.png`. */
  shot(name: string): Promise<Buffer>;
  /**
   * OHIF's own viewport texts (W/L, frame number, study lines) that one of our overlay boxes (badge,
   * heat-map legend, strip, its scale) overlaps; fails when OHIF shows no such text, so the check cannot
   * pass vacuously.
   */
  coveredOhifTexts(): Promise<string[]>;
}

export function viewerPage(page: Page, artifacts: string, pageErrors: readonly string[]): ViewerPage {
  mkdirSync(artifacts, { recursive: true });
  /** What was on screen, each time it changed: said when a wait times out. */
  const history: string[] = [];
  const shown = async () => {
    const s = await page.evaluate<Shown>(READ_PAGE);
    const line = `${s.displayedSop?.split('.').slice(-3).join('.')} case=${s.caseId?.slice(0, 6)} model=${s.modelVersion}`;
    if (history.at(-1) !== line) history.push(line);
    return s;
  };
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const until = async (what: string, ready: (s: Shown) => boolean, ms = 60_000): Promise<Shown> => {
    for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 100))) {
      const s = await shown();
      if (ready(s)) return s;
      if (Date.now() > end) {
        await shot('timeout');
        writeFileSync(join(artifacts, 'timeout-history.txt'), `${history.join('\n')}\n`);
        throw new Error(
          `timed out waiting for ${what}: ${JSON.stringify(s)}; page errors: ${pageErrors.join('; ')}`,
        );
      }
    }
  };
  const coveredOhifTexts = async () => {
    const found = await page.evaluate<{ texts: number; covered: string[] }>(`(() => {
      const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
      const ohif = [...document.querySelectorAll('[class*="viewport-overlay"]')]
        .filter((e) => e.innerText && e.innerText.trim() !== '' && !e.closest('[data-testid="aift-overlay"]'))
        .flatMap((e) => [...e.querySelectorAll('*')].filter((c) => c.children.length === 0 && c.innerText && c.innerText.trim() !== ''))
        .map((e) => ({ text: e.innerText.trim(), ...box(e) }))
        .filter((b) => b.right > b.left && b.bottom > b.top);
      const ours = ['aift-badge', 'aift-heatmap-legend', 'aift-strip', 'aift-strip-scale']
        .flatMap((id) => [...document.querySelectorAll('[data-testid="aift-overlay"] [data-testid="' + id + '"]')])
        .map(box);
      const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { texts: ohif.length, covered: ohif.filter((t) => ours.some((o) => overlaps(o, t))).map((t) => t.text) };
    })()`);
    if (found.texts < 2) throw new Error(`found ${found.texts} OHIF viewport texts to check against`);
    return found.covered;
  };
  return { shown, until, shot, coveredOhifTexts };
}
