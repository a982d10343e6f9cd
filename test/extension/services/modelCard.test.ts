// The viewer reads a published model card through the contract's schema: current cards as they are, cards
// from before the cold start and the audit with defaults, and anything else refused with the field named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModelCard } from '../../../extension/src/services/modelCard.js';
import { model } from '../components/fixtures.js';

const current = JSON.parse(JSON.stringify(model.card)) as Record<string, unknown>;

function withoutFields(card: Record<string, unknown>, ...fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(card).filter(([key]) => !fields.includes(key)));
}

describe('parseModelCard', () => {
  it('reads a current card as it is', () => {
    assert.deepEqual(parseModelCard(current, 'v3'), model.card);
  });

  it('reads a card from before the cold start and the audit: no rule, its held-out metrics not shown', () => {
    const older = withoutFields(current, 'coldStart', 'metricsUnavailable', 'labelsSaved');
    const card = parseModelCard({ ...older, metrics: { auc: 0.91, accuracy: 0.8 } }, 'v2');
    assert.equal(card.coldStart, null);
    assert.equal(card.metrics, null);
    assert.equal(card.metricsUnavailable, null);
    assert.equal(card.labelsSaved, null);
  });

  it('refuses a card without its augmentation plan, naming the version and the field', () => {
    const broken = withoutFields(current, 'augmentationPlan');
    assert.throws(() => parseModelCard(broken, 'v7'), /model card of v7 .*augmentationPlan/);
  });

  it('refuses a scoring strategy this viewer does not know', () => {
    const card = { ...current, scoring: { strategy: 'oracle', alpha: 0.25, seed: 1 } };
    assert.throws(() => parseModelCard(card, 'v8'), /v8 scores by 'oracle'/);
  });
});
