// The components rendered to a string (react-dom/server) from plain values in real observables: structure,
// test ids, exact values in data-value, hotkeys and ARIA. Interaction is in panelInChromium.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FrameStrip } from '../../../extension/src/components/FrameStrip.js';
import { HeatMapCanvas } from '../../../extension/src/components/HeatMapCanvas.js';
import { UncertaintyBadge } from '../../../extension/src/components/UncertaintyBadge.js';
import { ViridisScale } from '../../../extension/src/components/ViridisScale.js';
import { LabelingPanel } from '../../../extension/src/panels/LabelingPanel.js';
import { busy, cases, CLASSES, empty, model, score, strip } from './fixtures.js';
import { byTestId, leadingText, one } from './html.js';
import { plainServices } from './plainServices.js';
import type { PlainValues } from './plainServices.js';
import type { CurvePoint } from '../../../extension/src/services/types.js';

const renderPanel = (values: PlainValues) =>
  renderToStaticMarkup(createElement(LabelingPanel, { services: plainServices(values).services }));

describe('LabelingPanel', () => {
  it('shows the model, its backend and the connection', () => {
    const html = renderPanel(busy);
    assert.equal(one(html, 'aift-panel').attributes['aria-label'], 'AI-assisted labeling');
    assert.equal(one(html, 'aift-model-version').attributes['data-value'], 'v3');
    assert.equal(leadingText(one(html, 'aift-backend')), 'wasm · 4 threads');
    const connection = one(html, 'aift-connection');
    assert.equal(connection.attributes['data-online'], 'false');
    assert.equal(connection.attributes['data-queued'], '2');
    assert.match(connection.rest, /2 labels queued/);
    assert.equal(leadingText(one(html, 'aift-connection-error')), 'trainer unreachable');
    // Labels queued under another sign-in wait for their author; none show when there are none.
    assert.match(
      leadingText(one(html, 'aift-held')),
      /^3 labels made by another user wait for them to sign in$/,
    );
    assert.match(leadingText(one(html, 'aift-held-unknown')), /^1 label from before per-user queues/);
    assert.equal(byTestId(renderPanel(empty), 'aift-held').length, 0);
  });

  it('shows training progress and the project counts with exact values', () => {
    const html = renderPanel(busy);
    const training = one(html, 'aift-training');
    assert.equal(training.attributes['data-status'], 'running');
    assert.equal(training.attributes['data-value'], '0.4');
    assert.match(training.rest, /aria-valuenow="40"/);
    assert.match(training.rest, /running · epoch 2 of 5 · 7 new labels/);
    assert.equal(one(html, 'aift-count-labeled').attributes['data-value'], '35');
    assert.equal(leadingText(one(html, 'aift-count-labeled')), '35 / 120');
    assert.equal(one(html, 'aift-count-queue').attributes['data-value'], '85');
    assert.equal(one(html, 'aift-agreement').attributes['data-value'], '0.8571428571428571');
    assert.equal(leadingText(one(html, 'aift-agreement')), '85.7%');
  });

  it("shows the server's and the browser's scores of the case at full precision", () => {
    const html = renderPanel(busy);
    assert.equal(one(html, 'aift-case-worthiness').attributes['data-value'], '1.25');
    assert.equal(one(html, 'aift-case-class').attributes['data-value'], 'pneumonia');
    assert.equal(one(html, 'aift-frame-entropy').attributes['data-value'], String(score.entropy));
    assert.equal(one(html, 'aift-frame-probability').attributes['data-value'], String(score.probability));
    assert.equal(leadingText(one(html, 'aift-frame-worthiness')), '0.894');
  });

  it('offers one button per class with its digit, then skip, unsure, next and undo with theirs', () => {
    const html = renderPanel(busy);
    CLASSES.forEach((value, i) => {
      const button = one(html, `aift-label-${value}`);
      assert.equal(button.tag, 'button');
      assert.equal(button.attributes['aria-keyshortcuts'], String(i + 1));
      assert.equal(button.attributes['aria-label'], `Label as ${value}`);
      assert.equal('disabled' in button.attributes, false);
    });
    const expected = { 'aift-skip': 'S', 'aift-unsure': 'U', 'aift-next': 'N', 'aift-undo': 'Control+Z' };
    for (const [testId, keys] of Object.entries(expected)) {
      const button = one(html, testId);
      assert.equal(button.tag, 'button');
      assert.equal(button.attributes['aria-keyshortcuts'], keys);
    }
    assert.match(one(html, 'aift-undo').rest, /^<span[^>]*>Undo<\/span><kbd[^>]*>Ctrl\+Z<\/kbd>/);
    assert.equal(one(html, 'aift-last-label').attributes['data-sent'], 'false');
    assert.equal(one(html, 'aift-note').tag, 'textarea');
  });

  it('lists the worklist in rank order and marks the case on screen', () => {
    const rows = byTestId(renderPanel(busy), 'aift-worklist-row');
    assert.deepEqual(
      rows.map((row) => row.attributes['data-candidate-id']),
      ['c-17', 'c-4', 'c-9'],
    );
    assert.deepEqual(
      rows.map((row) => row.attributes['aria-current']),
      [undefined, 'true', undefined],
    );
    assert.ok(rows.every((row) => row.tag === 'button'));
    assert.equal(rows[0]!.attributes['data-worthiness'], '1.5');
    assert.equal(rows[0]!.attributes['aria-label'], 'Case 1, CR, worthiness 1.500, predicted normal 55%');
    assert.match(rows[2]!.attributes['aria-label']!, /no prediction$/);
    const html = renderPanel(busy);
    assert.deepEqual(
      byTestId(html, 'aift-worklist-rank').map(leadingText),
      ['1.500', '1.250', '1.000'],
      'each row shows the number the list is sorted by',
    );
    assert.equal(leadingText(one(html, 'aift-worklist-model')), 'by worthiness · v3');
    assert.match(
      byTestId(html, 'aift-worklist-rank')[0]!.attributes.title!,
      /^Worthiness: how much your label/,
    );
  });

  it('explains entropy, diversity and worthiness where they are shown', () => {
    const html = renderPanel(busy);
    for (const [name, words] of [
      ['entropy', /how unsure the model is/],
      ['diversity', /changes when the same image is slightly shifted/],
      ['worthiness', /should teach the model/],
    ] as const) {
      assert.match(html, new RegExp(`title="${name[0]!.toUpperCase()}${name.slice(1)}: `));
      assert.match(html, words);
    }
  });

  it('shows a cold-start ranking as picks with their method, and the untrained model as untrained', () => {
    const coldStart = { by: 'coldStart', method: 'robust-kcenter', picks: 500 } as const;
    const picked = cases.map((c, i) => ({
      ...c,
      modelVersion: 'v1',
      ranking: coldStart,
      worthiness: (500 - i) / 500,
      pick: i + 1,
    }));
    const untrained = {
      ...model,
      version: 'v1',
      card: {
        ...model.card,
        version: 'v1',
        coldStart: { method: 'robust-kcenter', outlierShare: 0.2 } as const,
      },
    };
    const html = renderPanel({
      ...busy,
      model: untrained,
      score: { ...score, modelVersion: 'v1' },
      worklist: { modelVersion: 'v1', ranking: coldStart, cases: picked },
      screen: { status: 'candidate', frame: score.frame, case: { ...picked[1]!, ...score.frame } },
    });
    assert.equal(leadingText(one(html, 'aift-worklist-model')), 'by cold-start pick (robust k-center) · v1');
    assert.deepEqual(byTestId(html, 'aift-worklist-rank').map(leadingText), ['pick 1', 'pick 2', 'pick 3']);
    const rows = byTestId(html, 'aift-worklist-row');
    assert.equal(
      rows[0]!.attributes['aria-label'],
      'Case 1, CR, pick 1 of 500, robust k-center, untrained model',
    );
    assert.doesNotMatch(html, /%<\/span><\/span><span data-testid="aift-worklist-rank"/);
    // The server's number is a rank, never called worthiness; the class guesses carry no percentage.
    assert.equal(leadingText(one(html, 'aift-case-pick')), 'pick 2 of 500, robust k-center');
    assert.equal(byTestId(html, 'aift-case-worthiness').length, 0);
    assert.equal(byTestId(html, 'aift-case-probability').length, 0);
    for (const row of ['aift-case', 'aift-frame']) {
      assert.equal(leadingText(one(html, `${row}-untrained`)), 'untrained: no class guess yet');
      assert.equal(byTestId(html, `${row}-class`).length, 0);
      assert.equal(byTestId(html, `${row}-probability`).length, 0);
    }
    assert.equal(byTestId(renderPanel(busy), 'aift-case-untrained').length, 0);
    assert.equal(one(html, 'aift-agreement-note').attributes['data-reason'], 'cold-start');
  });

  it("says why the server's and the browser's numbers differ, and nothing when they are of one model", () => {
    assert.equal(byTestId(renderPanel(busy), 'aift-agreement-note').length, 0);
    const older = { ...busy.worklist.cases[1]!, ...score.frame, modelVersion: 'v2' };
    const html = renderPanel({ ...busy, screen: { status: 'candidate', frame: score.frame, case: older } });
    const note = one(html, 'aift-agreement-note');
    assert.equal(note.attributes['data-reason'], 'versions-differ');
    assert.match(leadingText(note), /from model v2, this frame's from model v3: rescoring pending/);
  });

  it('says in place what the image on screen is, for as long as it is on screen', () => {
    const message = (screen: PlainValues['screen']) => {
      const html = renderPanel({ ...busy, screen });
      const labelsOn = !('disabled' in one(html, `aift-label-${CLASSES[0]!}`).attributes);
      const found = byTestId(html, 'aift-screen-message');
      return { text: found.map(leadingText).join(), status: found[0]?.attributes['data-status'], labelsOn };
    };
    const frame = score.frame;
    assert.deepEqual(message({ status: 'not-candidate', frame }), {
      text: 'The image on screen is not a case of the labeling pool, so it cannot be labeled. Press N (Next case) or open a case from the worklist.',
      status: 'not-candidate',
      labelsOn: false,
    });
    assert.equal(message({ status: 'checking', frame }).status, 'checking');
    assert.equal(message({ status: 'nothing' }).status, 'nothing');
    assert.match(
      message({ status: 'failed', frame, error: 'trainer unreachable' }).text,
      /trainer unreachable/,
    );
    // A candidate opened from anywhere (here: not in the worklist) can be labeled, and no message shows.
    const elsewhere = { ...cases[0]!, ...frame, candidateId: 'c-elsewhere' };
    assert.deepEqual(message({ status: 'candidate', frame, case: elsewhere }), {
      text: '',
      status: undefined,
      labelsOn: true,
    });
    const html = renderPanel({ ...busy, screen: { status: 'candidate', frame, case: elsewhere } });
    assert.match(one(html, 'aift-case').rest, /^<div[^>]*>server · model v3 · CR · not on your worklist/);
    assert.doesNotMatch(renderPanel(busy), /not on your worklist/);
    assert.equal(byTestId(html, 'aift-case-labeled').length, 0);
    // One the reader has labeled says so, with their answer.
    const answered = renderPanel({
      ...busy,
      screen: { status: 'candidate', frame, case: elsewhere, yourAnswer: 'normal' },
    });
    const mark = one(answered, 'aift-case-labeled');
    assert.equal(mark.attributes['data-value'], 'normal');
    assert.equal(leadingText(mark), 'You labeled this image normal. A new answer replaces yours.');
  });

  it('confirms an undo on the case it brought back, with the previous answer marked', () => {
    const taken = { ...busy.lastLabel!, candidateId: 'c-4', value: 'pneumonia' };
    const html = renderPanel({ ...busy, undone: taken });
    assert.equal(leadingText(one(html, 'aift-undone')), 'Undone: pneumonia on case c-4. Choose again.');
    assert.equal(one(html, 'aift-label-pneumonia').attributes['data-previous'], 'true');
    assert.equal(
      one(html, 'aift-label-pneumonia').attributes['aria-label'],
      'Label as pneumonia (your previous answer)',
    );
    assert.equal(one(html, 'aift-label-normal').attributes['data-previous'], undefined);
    // Another case on screen: the confirmation is not about it, so it is not shown.
    const other = renderPanel({ ...busy, undone: { ...taken, candidateId: 'c-9' } });
    assert.equal(byTestId(other, 'aift-undone').length, 0);
    assert.equal(byTestId(other, 'aift-label-pneumonia')[0]!.attributes['data-previous'], undefined);
  });

  it('lists what fails now in the panel, and nothing when all works', () => {
    assert.equal(byTestId(renderPanel(busy), 'aift-problem').length, 0);
    const html = renderPanel({
      ...busy,
      problems: [{ title: 'The image on screen could not be scored', message: 'request failed' }],
    });
    const problem = one(html, 'aift-problem');
    assert.equal(problem.attributes['data-title'], 'The image on screen could not be scored');
    assert.equal(leadingText(problem), 'The image on screen could not be scored: ');
    assert.match(html, /role="alert" aria-label="Problems"/);
  });

  it('lets the training status wrap instead of cutting it off', () => {
    const html = renderPanel(busy);
    const text = /<span style="([^"]*)">running · epoch 2 of 5 · 7 new labels<\/span>/.exec(
      one(html, 'aift-training').rest,
    );
    assert.ok(text, 'the whole status is in the markup');
    assert.doesNotMatch(text[1]!, /nowrap|ellipsis/);
  });

  it('plots each measured version with its interval, says what it shows, and offers the heat map controls', () => {
    const html = renderPanel(busy);
    assert.deepEqual(
      byTestId(html, 'aift-curve-point').map((p) => p.attributes['data-value']),
      ['0.71', '0.8345'],
      'the untrained cold-start version has no point',
    );
    assert.equal(byTestId(html, 'aift-curve-interval').length, 2);
    assert.equal(
      leadingText(one(html, 'aift-curve-summary')),
      'AUC 0.835 (95% 0.660–0.960) on 14 audit cases, model v3 trained on 21 labels',
    );
    assert.equal(one(html, 'aift-heatmap-toggle').attributes['aria-pressed'], 'true');
    assert.equal(one(html, 'aift-heatmap-opacity').attributes['data-value'], '0.45');
    assert.equal(byTestId(html, 'aift-strip-cell').length, 5);
  });

  it('says what the selection saved against random labeling, in the trainer’s words', () => {
    const html = renderPanel(busy);
    const saved = one(html, 'aift-labels-saved');
    assert.equal(saved.attributes['data-status'], 'not-yet-measurable');
    assert.equal(
      leadingText(saved),
      'Labels saved vs random: not yet measurable (14 audit labels; the estimate needs 20).',
    );
    const notSaving = renderPanel({
      ...busy,
      progress: {
        ...busy.progress!,
        labelsSaved: {
          ...busy.progress!.labelsSaved,
          status: 'not-saving',
          statement:
            'The selection is not saving labels: labeling at random would reach this AUC with about 12 labels.',
        },
      },
    });
    assert.equal(one(notSaving, 'aift-labels-saved').attributes['data-status'], 'not-saving');
    assert.equal(byTestId(renderPanel(empty), 'aift-labels-saved').length, 0);
  });

  it('before any audited metric: the labels per version and why there is no metric', () => {
    const curve: CurvePoint[] = [
      { ...busy.curve[0]! },
      {
        ...busy.curve[1]!,
        metric: null,
        interval: null,
        auditImages: 0,
        unavailable: '4 audit labels so far; a metric needs 10',
      },
    ];
    const html = renderPanel({ ...busy, curve });
    assert.equal(byTestId(html, 'aift-curve').length, 0);
    assert.equal(leadingText(one(html, 'aift-curve-empty')), '', 'the empty state is a block of paragraphs');
    assert.match(html, /No audited AUC yet: 4 audit labels so far; a metric needs 10\./);
    assert.equal(leadingText(one(html, 'aift-curve-labels')), 'Labels per version: v1 untrained · v2 10');
  });

  it('before a model or a case: labels disabled, dashes for unknown counts', () => {
    const html = renderPanel(empty);
    assert.equal(leadingText(one(html, 'aift-model-version')), 'no model');
    for (const value of CLASSES)
      assert.equal('disabled' in one(html, `aift-label-${value}`).attributes, true);
    assert.equal('disabled' in one(html, 'aift-skip').attributes, true);
    assert.equal('disabled' in one(html, 'aift-undo').attributes, true);
    assert.equal('disabled' in one(html, 'aift-next').attributes, false);
    assert.equal(leadingText(one(html, 'aift-agreement')), '—');
    assert.equal(one(html, 'aift-agreement').attributes['data-value'], undefined);
    assert.equal(one(html, 'aift-training').attributes['data-status'], 'idle');
    assert.equal(byTestId(html, 'aift-worklist-row').length, 0);
    assert.equal(byTestId(html, 'aift-strip').length, 0);
    assert.equal(byTestId(html, 'aift-curve').length, 0);
  });

  it('gives a tenth class no digit', () => {
    const classes = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const html = renderPanel({ ...busy, classes });
    assert.equal(one(html, 'aift-label-k8').attributes['aria-keyshortcuts'], '9');
    assert.equal(one(html, 'aift-label-k9').attributes['aria-keyshortcuts'], undefined);
  });
});

describe('UncertaintyBadge', () => {
  it('carries every number at full precision and rounds only the text', () => {
    const html = renderToStaticMarkup(createElement(UncertaintyBadge, { score, model }));
    assert.equal(one(html, 'aift-badge').attributes.role, 'status');
    assert.equal(one(html, 'aift-badge-class').attributes['data-value'], 'pneumonia');
    assert.equal(one(html, 'aift-badge-model').attributes['data-value'], 'v3');
    for (const field of ['probability', 'entropy', 'diversity', 'worthiness'] as const) {
      assert.equal(one(html, `aift-badge-${field}`).attributes['data-value'], String(score[field]));
    }
    assert.equal(leadingText(one(html, 'aift-badge-probability')), '61.8%');
    assert.equal(leadingText(one(html, 'aift-badge-diversity')), '0.012');
    assert.equal(byTestId(html, 'aift-badge-status').length, 0);
  });

  it('says when it is waiting for a model, a score, or a rescore under a new model', () => {
    const status = (props: Parameters<typeof UncertaintyBadge>[0]) =>
      leadingText(one(renderToStaticMarkup(createElement(UncertaintyBadge, props)), 'aift-badge-status'));
    assert.equal(status({ score: null, model: null }), 'no model');
    assert.equal(status({ score: null, model }), 'scoring…');
    assert.equal(status({ score, model: { ...model, version: 'v4' } }), 'rescoring…');
  });

  it('shows an untrained model as untrained, without a class percentage', () => {
    const coldStart = { method: 'robust-kcenter', outlierShare: 0.2 } as const;
    const html = renderToStaticMarkup(
      createElement(UncertaintyBadge, { score, model: { ...model, card: { ...model.card, coldStart } } }),
    );
    assert.equal(leadingText(one(html, 'aift-badge-class')), 'untrained model');
    assert.equal(byTestId(html, 'aift-badge-probability').length, 0);
    assert.doesNotMatch(html, />[\d.]+%</, 'no percentage is shown');
  });
});

describe('FrameStrip', () => {
  it('renders a cell per frame, unscored ones as such, and the current frame as a slider value', () => {
    const html = renderToStaticMarkup(
      createElement(FrameStrip, { strip, currentIndex: 2, onJump: () => {} }),
    );
    const root = one(html, 'aift-strip');
    assert.equal(root.attributes.role, 'slider');
    assert.equal(root.attributes.tabindex, '0');
    assert.equal(root.attributes['aria-valuenow'], '2');
    assert.equal(root.attributes['aria-valuemax'], '4');
    assert.equal(root.attributes['aria-valuetext'], 'frame 3 of 5, worthiness 0.900');
    assert.equal(root.attributes['aria-label'], 'Frames of the series by worthiness, 3 of 5 scored');
    const cells = byTestId(html, 'aift-strip-cell');
    assert.deepEqual(
      cells.map((c) => c.attributes['data-index']),
      ['0', '1', '2', '3', '4'],
    );
    assert.deepEqual(
      cells.map((c) => c.attributes['aria-current']),
      [undefined, undefined, 'true', undefined, undefined],
    );
    assert.equal(cells[1]!.attributes['data-value'], 'NaN');
    assert.match(cells[1]!.attributes.title!, /not scored yet/);
    assert.match(
      cells[2]!.attributes.style!,
      /background:rgb\(253 231 37\)/,
      'the most worthy frame is yellow',
    );
  });
});

describe('HeatMapCanvas', () => {
  it('renders a canvas at the requested resolution with the opacity on the element', () => {
    const html = renderToStaticMarkup(
      createElement(HeatMapCanvas, { heatMap: null, opacity: 0.35, width: 320.4, height: 200 }),
    );
    const canvas = one(html, 'aift-heatmap');
    assert.equal(canvas.tag, 'canvas');
    assert.equal(canvas.attributes.width, '320');
    assert.equal(canvas.attributes.height, '200');
    assert.match(canvas.attributes.style!, /opacity:0.35/);
    assert.match(canvas.attributes.style!, /pointer-events:none/);
  });
});

describe('ViridisScale', () => {
  it('says what the colours show and what each end means', () => {
    const html = renderToStaticMarkup(
      createElement(ViridisScale, { testId: 'legend', caption: 'How unsure', low: 'sure', high: 'unsure' }),
    );
    assert.equal(leadingText(one(html, 'legend-caption')), 'How unsure');
    assert.match(
      html,
      /<span>sure<\/span>.*linear-gradient\(to right, rgb\(68 1 84\).*rgb\(253 231 37\)\).*<span>unsure<\/span>/,
    );
  });
});
