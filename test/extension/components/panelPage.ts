// The browser side of panelInChromium.test.ts, bundled by the test with esbuild: the real components, with
// the real React and react-dom, over the plain services, driven from the test through `globalThis.aiftPanel`.
import { createElement, Fragment } from 'react';
import { createRoot } from 'react-dom/client';
import { HeatMapCanvas } from '../../../extension/src/components/HeatMapCanvas.js';
import { UncertaintyBadge } from '../../../extension/src/components/UncertaintyBadge.js';
import { useObservable } from '../../../extension/src/components/useObservable.js';
import { LabelingPanel } from '../../../extension/src/panels/LabelingPanel.js';
import type { AiftServices } from '../../../extension/src/services/types.js';
import { busy, cases, model, quadrants } from './fixtures.js';
import { plainServices } from './plainServices.js';
import type { ServiceCall } from './plainServices.js';

/**
 * The little of the DOM this page uses. The test project compiles without the DOM library (it would retype
 * Node's fetch for every test), so the page declares it here, and the test asks the page instead of the DOM.
 */
interface PageElement {
  readonly style: { cssText: string };
  getAttribute(name: string): string | null;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
declare const document: {
  readonly body: { append(...elements: PageElement[]): void };
  readonly activeElement: PageElement | null;
  createElement(tag: 'div'): PageElement;
  querySelector(selector: string): PageElement | null;
  addEventListener(type: 'keydown', listener: (event: { readonly key: string }) => void): void;
};
declare function getComputedStyle(element: PageElement): {
  readonly outlineStyle: string;
  readonly opacity: string;
};

export interface PanelPage {
  calls(): readonly ServiceCall[];
  /** Keys that reached a document listener, as OHIF's hotkeysManager (Mousetrap) listens there. */
  documentKeys(): readonly string[];
  clear(): void;
  publishModel(version: string): void;
  /** The worklist re-ranked to these candidates (of the fixtures' cases). */
  rank(candidateIds: readonly string[]): void;
  showHeatMap(): void;
  /** The next openCase fails with this message. */
  failNextOpen(message: string): void;
  /** Puts this case (of the fixtures') on screen. */
  showCase(candidateId: string): void;
  /** The focused element's test id and outline style (a visible focus ring is a solid outline). */
  focused(): { readonly testId: string | null; readonly outlineStyle: string | null };
  /** The heat map canvas: its CSS opacity and its 64 x 64 RGBA pixels. */
  heatMap(): { readonly opacity: string; readonly rgba: readonly number[] };
}

/** The viewport side, as the overlay mounts it: the badge, and the heat map at 64 x 64 pixels. */
function Overlay({ services }: { services: AiftServices }) {
  const score = useObservable(services.score);
  const loaded = useObservable(services.model);
  const heatMap = useObservable(services.heatMap);
  const overlay = useObservable(services.overlay);
  return createElement(
    Fragment,
    null,
    createElement(UncertaintyBadge, { score, model: loaded }),
    createElement(HeatMapCanvas, { heatMap, opacity: overlay.opacity, width: 64, height: 64 }),
  );
}

const plain = plainServices(busy);
const { set, calls } = plain;
let failNextOpen: string | null = null;
// Opening a case can fail (the viewer cannot show it): the panel says so until the image on screen changes.
const services: AiftServices = {
  ...plain.services,
  openCase: (candidateId) => {
    const failure = failNextOpen;
    failNextOpen = null;
    return failure === null ? plain.services.openCase(candidateId) : Promise.reject(new Error(failure));
  },
};
const keys: string[] = [];
document.addEventListener('keydown', (event) => keys.push(event.key));

const panelRoot = document.createElement('div');
panelRoot.style.cssText = 'width:320px;height:900px';
const overlayRoot = document.createElement('div');
overlayRoot.style.cssText = 'width:64px;height:64px';
document.body.append(panelRoot, overlayRoot);
createRoot(panelRoot).render(createElement(LabelingPanel, { services }));
createRoot(overlayRoot).render(createElement(Overlay, { services }));

const page: PanelPage = {
  calls: () => calls,
  documentKeys: () => keys,
  clear() {
    calls.length = 0;
    keys.length = 0;
  },
  publishModel: (version) => set.model.set({ ...model, version, card: { ...model.card, version } }),
  rank: (candidateIds) =>
    set.worklist.set({
      modelVersion: 'v4',
      ranking: { by: 'worthiness' },
      cases: candidateIds.map((id) => cases.find((c) => c.candidateId === id)!),
    }),
  showHeatMap: () => set.heatMap.set(quadrants),
  failNextOpen: (message) => void (failNextOpen = message),
  showCase: (candidateId) => {
    const shown = cases.find((c) => c.candidateId === candidateId)!;
    set.screen.set({ status: 'candidate', frame: shown, case: shown });
  },
  focused() {
    const element = document.activeElement;
    return {
      testId: element?.getAttribute('data-testid') ?? null,
      outlineStyle: element === null ? null : getComputedStyle(element).outlineStyle,
    };
  },
  heatMap() {
    const canvas = document.querySelector('[data-testid="aift-heatmap"]')!;
    const rgba = [...Array.from(canvas.getContext('2d').getImageData(0, 0, 64, 64).data)];
    return { opacity: getComputedStyle(canvas).opacity, rgba };
  },
};
Object.assign(globalThis, { aiftPanel: page });
