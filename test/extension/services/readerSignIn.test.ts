// The reader sign-in's logic against the real trainer app (its /api/whoami on real HTTP, a real token
// store). Node has no sessionStorage: a Map-backed one stands in for the tab's; the browser's own is
// exercised end to end in test/e2e/readerSignIn.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createReaderSignIn,
  READER_TOKEN_KEY,
  tokenFromPaste,
} from '../../../extension/src/services/readerSignIn.js';
import type { SignInState, TabStorage } from '../../../extension/src/services/readerSignIn.js';
import { startApp } from '../../trainer-server/http/support.js';

/** A browser tab's sessionStorage, as far as the sign-in uses it. */
class MapStorage implements TabStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** The next state other than `checking`. */
function settled(state: { get(): SignInState; subscribe(l: (s: SignInState) => void): () => void }) {
  return new Promise<SignInState>((resolve) => {
    if (state.get().status !== 'checking') return resolve(state.get());
    const stop = state.subscribe((s) => {
      if (s.status === 'checking') return;
      stop();
      resolve(s);
    });
  });
}

describe('reader sign-in', () => {
  it('takes the token out of what people paste: the printed line, a header value, spaces', () => {
    assert.equal(tokenFromPaste('  READER_1_TOKEN=abc-123_x  '), 'abc-123_x');
    assert.equal(tokenFromPaste('Bearer abc.def'), 'abc.def');
    assert.equal(tokenFromPaste('abc=='), 'abc==');
    assert.equal(tokenFromPaste('   '), '');
  });

  it('keeps a token only once the trainer accepts it, and names the problem when it does not', async (t) => {
    const app = await startApp(t);
    const token = app.createToken('reader-1', 'annotator');
    const storage = new MapStorage();
    const signIn = createReaderSignIn({ storage, trainerUrl: `${app.url}/api` });
    assert.deepEqual(signIn.state.get(), { status: 'signed-out', problem: null });
    assert.deepEqual(signIn.authorizationHeader(), {});

    await assert.rejects(signIn.signIn(''), /Paste your token/);
    await assert.rejects(signIn.signIn('two words'), /not a token/);
    await assert.rejects(signIn.signIn('not-a-token-anyone-was-given'), /^Error: Token not accepted/);
    assert.equal(storage.getItem(READER_TOKEN_KEY), null);

    await signIn.signIn(`READER_1_TOKEN=${token}`);
    assert.deepEqual(signIn.state.get(), {
      status: 'signed-in',
      reader: { name: 'reader-1', role: 'annotator' },
    });
    assert.equal(storage.getItem(READER_TOKEN_KEY), token);
    assert.deepEqual(signIn.authorizationHeader(), { Authorization: `Bearer ${token}` });

    signIn.signOut();
    assert.deepEqual(signIn.state.get(), { status: 'signed-out', problem: null });
    assert.equal(storage.getItem(READER_TOKEN_KEY), null);
    assert.deepEqual(signIn.authorizationHeader(), {});
  });

  it('checks a token kept in the tab again; a revoked one asks the reader to sign in again', async (t) => {
    const app = await startApp(t);
    const token = app.createToken('reader-2', 'annotator');
    const storage = new MapStorage();
    storage.setItem(READER_TOKEN_KEY, token);
    const kept = createReaderSignIn({ storage, trainerUrl: `${app.url}/api` });
    assert.deepEqual(kept.state.get(), { status: 'checking' });
    assert.deepEqual(await settled(kept.state), {
      status: 'signed-in',
      reader: { name: 'reader-2', role: 'annotator' },
    });

    app.store.tokens.revoke('reader-2', { name: 'admin', role: 'admin' });
    const revoked = createReaderSignIn({ storage, trainerUrl: `${app.url}/api` });
    const state = await settled(revoked.state);
    assert.equal(state.status, 'signed-out');
    assert.match(state.status === 'signed-out' ? (state.problem ?? '') : '', /no longer accepted/);
    assert.equal(storage.getItem(READER_TOKEN_KEY), null);
  });

  it('keeps a kept token when the trainer cannot be asked (offline), the reader unknown', async () => {
    const storage = new MapStorage();
    storage.setItem(READER_TOKEN_KEY, 'kept-token');
    const signIn = createReaderSignIn({ storage, trainerUrl: 'http://127.0.0.1:1/api' });
    assert.deepEqual(await settled(signIn.state), { status: 'signed-in', reader: null });
    assert.deepEqual(signIn.authorizationHeader(), { Authorization: 'Bearer kept-token' });
  });
});
