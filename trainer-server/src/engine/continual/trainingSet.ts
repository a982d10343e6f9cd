/**
 * Which labeled candidates one round of continual fine-tuning trains on, and from which model (ACFT, Zhou et
 * al. 2021, Table 1): L = labeled before this round, Q = newly labeled, H = the candidates of L the current
 * model gets wrong, M0 = the pre-trained starting point.
 */
export const CONTINUAL_STRATEGIES = {
  /** ACFT(HQ), the paper's recommendation: from the current model, on H and Q. */
  HQ: 'From the current model, on the new labels and the labeled candidates it misclassifies.',
  /** ACFT(LQ): from the current model, on everything labeled. */
  LQ: 'From the current model, on every labeled candidate.',
  /** AFT(LQ): from the pre-trained model, on everything labeled (most compute; the reference). */
  scratch: 'From the pre-trained model, on every labeled candidate.',
} as const;

export type ContinualStrategy = keyof typeof CONTINUAL_STRATEGIES;

export interface LabeledCandidate {
  /** The candidate's index in the pool. */
  readonly index: number;
  readonly label: number;
}

export interface TrainingSet {
  readonly startFrom: 'current' | 'initial';
  readonly candidates: readonly LabeledCandidate[];
  /** |H|, |Q| and how many of L were used: recorded in the model card. */
  readonly counts: { readonly hard: number; readonly new: number; readonly previous: number };
}

export function chooseTrainingSet(
  strategy: ContinualStrategy,
  previous: readonly LabeledCandidate[],
  newlyLabeled: readonly LabeledCandidate[],
  predictedClass: (index: number) => number,
): TrainingSet {
  if (strategy === 'HQ') {
    const hard = previous.filter((c) => predictedClass(c.index) !== c.label);
    return {
      startFrom: 'current',
      candidates: [...hard, ...newlyLabeled],
      counts: { hard: hard.length, new: newlyLabeled.length, previous: hard.length },
    };
  }
  return {
    startFrom: strategy === 'LQ' ? 'current' : 'initial',
    candidates: [...previous, ...newlyLabeled],
    counts: { hard: 0, new: newlyLabeled.length, previous: previous.length },
  };
}
