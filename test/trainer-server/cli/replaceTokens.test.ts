// The tokens `npm start` makes, on a real SQLite store: each new set revokes the one before and gets names
// the store has not used; the page tokens earlier versions served in app-config.js are revoked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { replaceTokens, revokePageTokens } from '../../../trainer-server/src/cli/start/replaceTokens.js';
import { DEMO_TOKENS } from '../../../trainer-server/src/cli/start/welcome.js';
import { openSqliteStore } from '../../../trainer-server/src/store/index.js';
import type { Actor } from '../../../trainer-server/src/store/index.js';

const START: Actor = { name: 'npm-start', role: 'admin' };

function withStore(run: (store: ReturnType<typeof openSqliteStore>) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'aift-tokens-'));
  const store = openSqliteStore(join(dir, 'aift.sqlite'), { clock: () => new Date() });
  try {
    run(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm start's tokens", () => {
  it('makes two readers and an admin; a new set revokes the old one under fresh names', () => {
    withStore((store) => {
      const first = replaceTokens(store.tokens, [], DEMO_TOKENS, START);
      assert.equal(store.tokens.authenticate(first['reader-1'])?.name, 'reader-1');
      assert.equal(store.tokens.authenticate(first['reader-2'])?.role, 'annotator');
      assert.equal(store.tokens.authenticate(first.admin)?.role, 'admin');
      const earlier = store.tokens.list().filter((t) => t.createdBy === START.name);
      const second = replaceTokens(store.tokens, earlier, DEMO_TOKENS, START);
      for (const secret of Object.values(first)) assert.equal(store.tokens.authenticate(secret), undefined);
      assert.deepEqual(
        ['reader-1', 'reader-2', 'admin'].map(
          (name) => store.tokens.authenticate(second[name as 'admin'])?.name,
        ),
        ['reader-1-2', 'reader-2-2', 'admin-2'],
      );
    });
  });

  it('revokes the page token an earlier version wrote into app-config.js, and nothing else', () => {
    withStore((store) => {
      const page = 'an-old-page-token-served-in-app-config-0123456789';
      store.tokens.create(
        { name: 'viewer', role: 'annotator', secret: page },
        { name: 'npm-start-viewer', role: 'admin' },
      );
      const printed = replaceTokens(store.tokens, [], DEMO_TOKENS, START);
      revokePageTokens(store.tokens, START);
      assert.equal(store.tokens.authenticate(page), undefined);
      assert.equal(store.tokens.authenticate(printed['reader-1'])?.name, 'reader-1');
    });
  });
});
