import type { CurvePoint } from '../evaluation/learningCurve.js';
import { spread } from './spread.js';

const WIDTH = 760;
const HEIGHT = 460;
const MARGIN = { left: 60, right: 170, top: 30, bottom: 50 };
const COLOURS = [
  '#d62728',
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

/**
 * Learning curves as a standalone SVG: per strategy the mean test AUC over seeds (line) and mean +- one
 * standard deviation (band), with the full-pool AUC as a dashed reference line.
 */
export function learningCurvesSvg(
  title: string,
  curves: Readonly<Record<string, readonly (readonly CurvePoint[])[]>>,
  fullPoolAuc: number,
): string {
  const bands = Object.entries(curves).map(([name, runs]) => ({
    name,
    points: (runs[0] ?? []).map((p, i) => ({
      labels: p.labels,
      ...spread(runs.map((r) => r[i]?.auc ?? Number.NaN)),
    })),
  }));
  const all = bands.flatMap((b) => b.points);
  const maxLabels = Math.max(1, ...all.map((p) => p.labels));
  // The range follows the curves once labels exist: the untrained model's AUC at 0 labels (near chance for
  // every strategy alike) would otherwise squash the region where strategies differ. It is drawn clipped.
  const informative = all.filter((p) => p.labels > 0);
  const ranged = informative.length ? informative : all;
  const aucs = [...ranged.flatMap((p) => [p.mean - p.sd, p.mean + p.sd]), fullPoolAuc].filter(
    Number.isFinite,
  );
  const low = Math.max(0, Math.floor(Math.min(...aucs) * 50) / 50);
  const high = Math.min(1, Math.ceil(Math.max(...aucs) * 50) / 50);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (labels: number) => MARGIN.left + (labels / maxLabels) * plotW;
  const y = (auc: number) =>
    MARGIN.top + (1 - (Math.min(high, Math.max(low, auc)) - low) / Math.max(1e-9, high - low)) * plotH;
  const fmt = (v: number) => v.toFixed(1);
  const path = (pts: readonly { labels: number; v: number }[]) =>
    pts.map((p, i) => `${i ? 'L' : 'M'}${fmt(x(p.labels))},${fmt(y(p.v))}`).join('');

  const parts: string[] = [];
  for (const auc of niceTicks(low, high)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fmt(y(auc))}" y2="${fmt(y(auc))}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${fmt(y(auc) + 4)}" text-anchor="end">${auc.toFixed(2)}</text>`,
    );
  }
  for (const labels of niceTicks(0, maxLabels)) {
    parts.push(
      `<text x="${fmt(x(labels))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${labels}</text>`,
    );
  }
  if (Number.isFinite(fullPoolAuc)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fmt(y(fullPoolAuc))}" y2="${fmt(y(fullPoolAuc))}" stroke="#000" stroke-dasharray="5,4"/>`,
      `<text x="${MARGIN.left + plotW - 6}" y="${fmt(y(fullPoolAuc) - 5)}" text-anchor="end">full pool ${fullPoolAuc.toFixed(3)}</text>`,
    );
  }
  bands.forEach(({ name, points }, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const finite = points.filter((p) => Number.isFinite(p.mean));
    const upper = finite.map((p) => ({ labels: p.labels, v: Math.min(high, p.mean + p.sd) }));
    const lower = finite.map((p) => ({ labels: p.labels, v: Math.max(low, p.mean - p.sd) })).reverse();
    if (finite.length > 1) {
      parts.push(
        `<path d="${path(upper)}${path(lower).replace('M', 'L')}Z" fill="${colour}" fill-opacity="0.12"/>`,
      );
    }
    parts.push(
      `<path d="${path(finite.map((p) => ({ labels: p.labels, v: p.mean })))}" fill="none" stroke="${colour}" stroke-width="2"/>`,
    );
    const legendY = MARGIN.top + 18 * i + 30;
    parts.push(
      `<rect x="${MARGIN.left + plotW + 8}" y="${legendY - 9}" width="14" height="4" fill="${colour}"/>`,
      `<text x="${MARGIN.left + plotW + 28}" y="${legendY - 4}">${escapeXml(name)}</text>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    ...parts,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">labels</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">AUC (mean ± sd over seeds)</text>`,
    `</svg>`,
  ].join('\n');
}

/** Round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high], about five of them. */
function niceTicks(low: number, high: number): number[] {
  const raw = (high - low) / 5 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + 1e-9; v += step)
    ticks.push(Number(v.toFixed(10)));
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
