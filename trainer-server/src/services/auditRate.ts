/** How often the worklist serves a blind audit case instead of a worthy one (`selection.audit`). */
export interface AuditPolicy {
  /** Share of served cases drawn for the audit once the warm-up is over; 0 turns the audit off. */
  readonly rate: number;
  /** The first this many audit cases are drawn at `warmupRate`, so that a first model has a metric early. */
  readonly warmupCases: number;
  readonly warmupRate: number;
}

/** The defaults: 1 served case in 10, and 1 in 3 until 30 audit cases are drawn (docs/method.md). */
export const DEFAULT_AUDIT_POLICY: AuditPolicy = { rate: 0.1, warmupCases: 30, warmupRate: 1 / 3 };

/** The probability that the next free worklist slot is an audit case, after `drawn` audit draws. */
export function auditRate(policy: AuditPolicy, drawn: number): number {
  const { rate, warmupCases, warmupRate } = policy;
  for (const [name, value] of [
    ['rate', rate],
    ['warmupRate', warmupRate],
  ] as const) {
    if (!(value >= 0 && value < 1)) throw new RangeError(`audit ${name} must be in [0, 1), got ${value}`);
  }
  if (!(Number.isSafeInteger(warmupCases) && warmupCases >= 0)) {
    throw new RangeError(`audit warmupCases must be an integer >= 0, got ${warmupCases}`);
  }
  if (rate === 0) return 0;
  return drawn < warmupCases ? Math.max(rate, warmupRate) : rate;
}
