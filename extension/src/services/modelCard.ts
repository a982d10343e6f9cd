// The published model card, checked against the contract the trainer writes it by.
import { ModelCardSchema } from '@aift/contract';
import { isStrategyName } from '@aift/selection-core';
import type { BrowserModelCard } from './types.js';

/** The card of `version`, or an error naming the version and the first field that does not fit. */
export function parseModelCard(json: unknown, version: string): BrowserModelCard {
  const parsed = ModelCardSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new Error(
      `the model card of ${version} does not fit the contract: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  const card = parsed.data;
  const { strategy } = card.scoring;
  if (!isStrategyName(strategy)) {
    throw new Error(`the model card of ${version} scores by '${strategy}', which this viewer does not know`);
  }
  return { ...card, scoring: { ...card.scoring, strategy } };
}
