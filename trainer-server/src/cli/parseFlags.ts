// The flag rules of the CLIs that take only named flags (`npm start`, `npm run doctor`).
import { parseArgs } from 'node:util';
import { UsageError } from './start/startOptions.js';

/**
 * `node:util` parseArgs over `--name value` / `--name=value` flags and `switches` without a value, as
 * `--name` -> value (a switch's is ''). An unknown flag, a positional, or a flag without a value is a
 * UsageError naming the flag.
 */
export function parseFlags(
  argv: readonly string[],
  flags: readonly string[],
  switches: readonly string[],
  usage: string,
): Map<string, string> {
  const options: Record<string, { readonly type: 'string' | 'boolean' }> = {};
  for (const flag of flags) options[flag] = { type: 'string' };
  for (const flag of switches) options[flag] = { type: 'boolean' };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  // No option is `multiple`, so no value is an array.
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const found = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`--${name} needs a value`);
    if (value !== undefined && value !== false) found.set(`--${name}`, value === true ? '' : value);
  }
  return found;
}
