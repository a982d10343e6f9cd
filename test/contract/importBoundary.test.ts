// The extension and mode know the server only through @aift/contract: the repository's own ESLint config
// (which `npm test` runs over the tree) rejects any other import into trainer-server from their files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages ESLint gives `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'ESLint linted the text');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const EXTENSION_FILE = 'extension/src/services/trainerClient.ts';
const MODE_FILE = 'mode/src/index.ts';

describe('the extension-to-server import boundary', () => {
  it('rejects a relative import into trainer-server from the extension, type-only included', async () => {
    const errors = await boundaryErrors(
      EXTENSION_FILE,
      "import type { ServiceEvents } from '../../../trainer-server/src/services/EventBus.js';\n" +
        'export type Events = ServiceEvents;\n',
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /only through @aift\/contract/);
  });

  it('rejects the server package by name and a re-export from the mode', async () => {
    const errors = await boundaryErrors(
      MODE_FILE,
      "export { createApp } from '@aift/trainer-server';\n" +
        "export * from '../../trainer-server/src/api/schemas/index.js';\n",
    );
    assert.equal(errors.length, 2);
  });

  it('accepts the contract and the selection core', async () => {
    const errors = await boundaryErrors(
      EXTENSION_FILE,
      "import { ModelCardSchema } from '@aift/contract';\n" +
        "import { STRATEGY_NAMES } from '@aift/selection-core';\n" +
        'export const parts = [ModelCardSchema, STRATEGY_NAMES];\n',
    );
    assert.deepEqual(errors, []);
  });

  it('keeps the contract itself on zod alone', async () => {
    const errors = await boundaryErrors(
      'contract/src/events.ts',
      "import { z } from 'zod';\nimport { STRATEGY_NAMES } from '@aift/selection-core';\n" +
        'export const names = z.enum(STRATEGY_NAMES);\n',
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /zod only/);
  });
});
