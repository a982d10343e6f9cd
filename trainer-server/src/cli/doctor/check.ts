// One line of `npm run doctor`: what was checked, how it went and, when not OK, what to do about it.

export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found; never a secret. */
  readonly detail: string;
  /** A concrete next step; present on every WARN and FAIL. */
  readonly fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'OK', detail });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'WARN',
  detail,
  fix,
});
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'FAIL',
  detail,
  fix,
});

/** The first line of an error's message: enough to say what broke without a stack trace. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export function formatCheck(result: CheckResult): string {
  const line = `${result.status.padEnd(4)} ${result.name}: ${result.detail}`;
  return result.fix === undefined ? line : `${line}\n     fix: ${result.fix}`;
}
