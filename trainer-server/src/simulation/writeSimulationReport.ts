import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { learningCurvesSvg } from './learningCurvesSvg.js';
import type { Comparison } from './compareWithBaseline.js';
import type { CheckpointValidation } from './estimatorValidation.js';
import type { SeedRun } from './runSimulation.js';
import type { ProductRun } from './simulateProduct.js';
import { BUDGET_SHARES, TARGETS } from './summarizeRuns.js';
import type { StrategySummary } from './summarizeRuns.js';

export interface SimulationReport {
  readonly title: string;
  /** The exact command line, the machine, the date: everything a reader needs to rerun it. */
  readonly provenance: Readonly<Record<string, string>>;
  readonly data: Readonly<Record<string, unknown>>;
  /** The split the learning curves were measured on: test, or val while tuning. */
  readonly evaluationSplit: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly fullPoolAuc: number;
  /** The arm the others are compared with. */
  readonly baseline: string;
  /** Per arm, its runs (a product run carries its versions and label counts besides). */
  readonly runs: Readonly<Record<string, readonly SeedRun[]>>;
  readonly summaries: Readonly<Record<string, StrategySummary>>;
  /** Per arm, the product's labels-saved estimates against the harness's truth (runs with an audit only). */
  readonly estimator: Readonly<Record<string, readonly CheckpointValidation[]>>;
}

/** Writes results.json, summary.md, learning-curves.svg and .png into `dir`, each atomically. */
export async function writeSimulationReport(dir: string, report: SimulationReport): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const curves = Object.fromEntries(
    Object.entries(report.runs).map(([k, runs]) => [k, runs.map((r) => r.curve)]),
  );
  const svg = learningCurvesSvg(report.title, curves, report.fullPoolAuc);
  const files: [string, string | Buffer][] = [
    ['results.json', `${JSON.stringify(resultsJson(report), null, 2)}\n`],
    ['summary.md', summaryMarkdown(report)],
    ['learning-curves.svg', `${svg}\n`],
    ['learning-curves.png', await sharp(Buffer.from(svg)).png().toBuffer()],
  ];
  for (const [name, content] of files) writeAtomically(join(dir, name), content);
  return files.map(([name]) => join(dir, name));
}

function writeAtomically(file: string, content: string | Buffer): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

function resultsJson(report: SimulationReport) {
  return {
    title: report.title,
    provenance: report.provenance,
    data: report.data,
    settings: report.settings,
    full_pool_auc: report.fullPoolAuc,
    baseline: report.baseline,
    strategies: Object.fromEntries(
      Object.entries(report.summaries).map(([name, s]) => [
        name,
        {
          seeds: s.seeds,
          area_under_learning_curve: s.alc,
          labels_to_reach: Object.fromEntries(
            Object.entries(s.labelsToReach).map(([t, v]) => [
              t,
              { mean_curve: v.meanCurve, per_seed: v.perSeed },
            ]),
          ),
          savings_vs_baseline: s.savingsVsBaseline,
          versus_baseline: {
            area_under_learning_curve: snake(s.versusBaseline.alc),
            labels_to_reach: Object.fromEntries(
              Object.entries(s.versusBaseline.labelsToReach).map(([t, c]) => [t, snake(c)]),
            ),
          },
          auc_at_budget: s.aucAtBudget,
          mean_curve: s.meanCurve,
          runs: report.runs[name],
          ...(report.estimator[name] && { labels_saved_estimator: report.estimator[name] }),
        },
      ]),
    ),
  };
}

function snake(c: Comparison) {
  return {
    difference: c.difference,
    paired_sd: c.pairedSd,
    seed_spread: c.seedSpread,
    beyond_spread: c.beyondSpread,
  };
}

function summaryMarkdown(report: SimulationReport): string {
  const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(0)}%`);
  const rows = Object.entries(report.summaries).map(([name, s]) => {
    const reach = TARGETS.map((t) => {
      const r = s.labelsToReach[String(t)]!;
      const seeds = r.perSeed.map((v) => v ?? '-').join('/');
      return `${r.meanCurve ?? 'never'} (${seeds})`;
    });
    const saved = TARGETS.map((t) => pct(s.savingsVsBaseline[String(t)] ?? null));
    const budgets = BUDGET_SHARES.map((b) => {
      const a = s.aucAtBudget[String(b)]!;
      return Number.isFinite(a.mean) ? `${f3(a.mean)} ± ${f3(a.sd)}` : 'n/a';
    });
    return `| ${name} | ${f3(s.alc.mean)} ± ${f3(s.alc.sd)} | ${reach.join(' | ')} | ${saved.join(' | ')} | ${budgets.join(' | ')} |`;
  });
  const versus = Object.entries(report.summaries)
    .filter(([name]) => name !== report.baseline)
    .map(([name, s]) => {
      const cells = [s.versusBaseline.alc, s.versusBaseline.labelsToReach['0.95']!].map((c, i) => {
        const f = i === 0 ? f3 : (v: number) => v.toFixed(1);
        if (c.difference === null) return 'n/a | n/a';
        const verdict = c.beyondSpread ? '**yes**' : c.winnable === false ? 'no (not winnable)' : 'no';
        return `${c.difference > 0 ? '+' : ''}${f(c.difference)} (paired sd ${f(c.pairedSd!)}) | ${f(c.seedSpread!)} ${verdict}`;
      });
      return `| ${name} | ${cells.join(' | ')} |`;
    });
  const budgetHeads = BUDGET_SHARES.map((b) => {
    const labels = Object.values(report.summaries)[0]?.aucAtBudget[String(b)]?.labels ?? 0;
    return `AUC @ ${b * 100}% (${labels})`;
  });
  return `# ${report.title}

${Object.entries(report.provenance)
  .map(([k, v]) => `- ${k}: ${k === 'command' ? `\`${v}\`` : v}`)
  .join('\n')}
- full-pool AUC (reference, trained on every train label): ${f3(report.fullPoolAuc)}

| arm | ALC (mean ± sd) | ${TARGETS.map((t) => `labels to ${t * 100}%`).join(' | ')} | ${TARGETS.map((t) => `saved vs ${report.baseline} @ ${t * 100}%`).join(' | ')} | ${budgetHeads.join(' | ')} |
|---|---|${TARGETS.map(() => '---|').join('')}${TARGETS.map(() => '---|').join('')}${budgetHeads.map(() => '---|').join('')}
${rows.join('\n')}

ALC: area under the learning curve divided by the label range (the mean AUC over the budget), measured
on the evaluation split (${report.evaluationSplit}). "AUC @ x%": at a budget of x% of the pool (n/a beyond the run's budget).
"labels to X%": on the seed-mean curve, the first evaluation whose AUC reaches X% of the full-pool AUC, then
per seed in brackets ("-": never within the budget). "saved vs ${report.baseline}": 1 - labels(arm) /
labels(${report.baseline}) on the seed-mean curves. An arm named \`strategy:start\` chose its first batch with
that cold start instead of the run's.

Against the baseline \`${report.baseline}\`, seed by seed (seed s of every arm shares its random stream and head
initialisation). "better by more than the seed spread": the mean gain exceeds the larger of the two arms'
own standard deviations over seeds. "not winnable": not even an arm that reached the target at the first
evaluation on every seed would be better by more than the baseline's spread (the baseline already reaches it
there on most seeds, so the target is too low to tell arms apart).

| arm | ALC - baseline | seed spread; better by more? | labels to 95% - baseline | seed spread; better by more? |
|---|---|---|---|---|
${versus.join('\n')}
${productMarkdown(report)}${estimatorMarkdown(report)}
![learning curves](learning-curves.svg)
`;
}

function productMarkdown(report: SimulationReport): string {
  const runs = report.runs['product'];
  if (!runs) return '';
  const f3 = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(3) : 'n/a');
  const rows = runs.map((run) => {
    const r = run as Partial<ProductRun> & { seed: number };
    const last = r.versions?.at(-1);
    const estimate = run.estimates.at(-1);
    const saved = estimate?.labelsSaved?.saved;
    const interval = saved
      ? ` ${saved.value ?? 'unbounded'} (${saved.low ?? 'no bound'} to ${saved.high ?? 'no bound'})`
      : '';
    return `| ${r.seed} | ${r.labels ?? 'n/a'} | ${r.auditLabels ?? 'n/a'} | ${r.versions?.length ?? 'n/a'} | ${last?.trainingLabels ?? 'n/a'} | ${f3(last?.auc)} | ${f3(estimate?.auditedAuc)} | ${estimate?.labelsSaved?.status ?? 'no metric'}${interval} |`;
  });
  return `
## The product's own loop (\`product\`)

The trainer server itself (createServer, over HTTP on 127.0.0.1) with the pool as its PACS: a cold start, then
readers who each take their worklist's next case and label it; the labels route starts a job at the configured
count of new consensus labels, and the readers wait while it runs. Its curve is read every batch: the AUC of
the version in use by then, against every label stored (audit labels included: the team labeled them). The last
column is what its last version's model card says about labels saved (at that version's training labels).

| seed | labels stored | of them audit | versions | training labels (last version) | AUC (evaluation split) | audited AUC | labels saved, as the card says |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function estimatorMarkdown(report: SimulationReport): string {
  const rows = Object.entries(report.estimator).flatMap(([name, checkpoints]) =>
    checkpoints.map((c) => {
      const audit = c.checks.map((k) => k.auditLabels).sort((a, b) => a - b);
      const { saving, 'not-saving': notSaving, 'not-yet-measurable': notYet, 'no metric': none } = c.statuses;
      const error = c.error
        ? `${signed(c.error.median)} [${signed(c.error.q25)}, ${signed(c.error.q75)}] (${c.error.n})`
        : 'n/a';
      const share = (k: number, of: number) => (of === 0 ? 'n/a' : `${k}/${of}`);
      return `| ${name} | ${c.labels} | ${audit[Math.floor(audit.length / 2)] ?? 'n/a'} | ${saving} / ${notSaving} / ${notYet} / ${none} | ${error} | ${share(c.coverage.covered, c.coverage.of)} | ${share(c.statements.true, c.statements.of)} |`;
    }),
  );
  if (rows.length === 0) return '';
  return `
## The product's labels-saved estimate against the harness's truth

At each checkpoint the product's own estimator (\`measureAgainstRandom\`, the one every model card carries) ran
on the audit labels the worklist would have served by then; the truth is the labels ${report.baseline}'s seed-mean
curve needs to reach that run's AUC on the evaluation split, minus the labels used (to the batch; a run whose AUC
${report.baseline} never reaches has a truth above the budget, and its interval covers it when it reaches beyond).

| arm | labels | audit labels (median) | saving / not saving / not yet / no metric | estimate - truth: median [25th, 75th] (seeds) | 95% interval covers the truth | statements true |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function signed(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+inf' : '-inf';
  return `${v > 0 ? '+' : ''}${Math.round(v)}`;
}
