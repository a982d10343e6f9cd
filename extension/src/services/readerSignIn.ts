// Who is labeling: the reader's own API token, entered once and kept in this browser tab's sessionStorage
// (forgotten when the tab closes; never localStorage, never the page's configuration). The trainer decides
// whether a token is good (GET /api/whoami, the same check as every /api and /dicom-web request); the
// browser only asks it, and shows the reader's name so they can see whose labels they are giving.
import { createObservable } from './observable.js';
import type { Observable } from './types.js';

/** The reader as the trainer knows them (GET /api/whoami). */
export interface Reader {
  readonly name: string;
  readonly role: string;
}

export type SignInState =
  /** A token kept from earlier in this tab is being checked. */
  | { readonly status: 'checking' }
  /** `problem`: why the viewer asks again (a kept token the trainer refused), else null. */
  | { readonly status: 'signed-out'; readonly problem: string | null }
  /** `reader` is null when the trainer could not be asked (offline): the token is kept and used. */
  | { readonly status: 'signed-in'; readonly reader: Reader | null };

export interface ReaderSignIn {
  readonly state: Observable<SignInState>;
  /** `Authorization: Bearer <token>` while signed in, else nothing. */
  authorizationHeader(): Record<string, string>;
  /** Checks the token with the trainer and keeps it; fails with a message for the reader. */
  signIn(pasted: string): Promise<void>;
  /** Forgets the token in this tab. */
  signOut(): void;
}

/** The parts of the Web Storage API used (the viewer passes sessionStorage). */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The sessionStorage key of the reader's token. */
export const READER_TOKEN_KEY = 'aift.readerToken';

/** A trainer token's characters (RFC 6750 b64token, as the trainer reads it). */
const TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The token in what a reader pasted: `npm start` prints `READER_1_TOKEN=<token>`, and people copy the
 * whole line, or a header value with its `Bearer `; both are accepted.
 */
export function tokenFromPaste(pasted: string): string {
  return pasted
    .trim()
    .replace(/^[A-Z][A-Z0-9_]*=/, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
}

/** The reader's words for the trainer's answer to a token. */
export function signInProblem(status: number): string {
  if (status === 401) {
    return (
      'Token not accepted: the server does not know this token, or it was withdrawn. Check that you ' +
      'pasted all of it, or ask your administrator for a new one.'
    );
  }
  if (status === 429) return 'Too many sign-in attempts from this computer: wait a minute, then try again.';
  return `The server could not check the token (HTTP ${status}). Try again, or tell your administrator.`;
}

export function createReaderSignIn({
  storage,
  trainerUrl,
}: {
  /** sessionStorage in the viewer. */
  readonly storage: TabStorage;
  /** The trainer API root, e.g. '/api'. */
  readonly trainerUrl: string;
}): ReaderSignIn {
  const whoamiUrl = `${trainerUrl.replace(/\/+$/, '')}/whoami`;
  const kept = storage.getItem(READER_TOKEN_KEY);
  const state = createObservable<SignInState>(
    kept === null ? { status: 'signed-out', problem: null } : { status: 'checking' },
  );

  /** The reader a token belongs to; a Response when the trainer refused it; null when it gave no answer. */
  async function whoami(token: string): Promise<Reader | Response | null> {
    let response: Response;
    try {
      response = await fetch(whoamiUrl, { headers: { Authorization: `Bearer ${token}` } });
    } catch {
      return null;
    }
    if (!response.ok) return response;
    return (await response.json()) as Reader;
  }

  if (kept !== null) {
    void whoami(kept).then((answer) => {
      if (storage.getItem(READER_TOKEN_KEY) !== kept) return; // signed out or in again meanwhile
      if (answer === null || answer instanceof Response) {
        if (answer?.status === 401) {
          storage.removeItem(READER_TOKEN_KEY);
          state.set({
            status: 'signed-out',
            problem: 'Your sign-in is no longer accepted (the token was withdrawn). Please sign in again.',
          });
          return;
        }
        // No verdict (offline, a failing server): keep working with the token; requests will tell.
        state.set({ status: 'signed-in', reader: null });
        return;
      }
      state.set({ status: 'signed-in', reader: answer });
    });
  }

  return {
    state,
    authorizationHeader() {
      const token = storage.getItem(READER_TOKEN_KEY);
      return token === null ? {} : { Authorization: `Bearer ${token}` };
    },
    async signIn(pasted) {
      const token = tokenFromPaste(pasted);
      if (token === '') throw new Error('Paste your token into the box first.');
      if (!TOKEN_SYNTAX.test(token)) {
        throw new Error(
          'That is not a token: a token is one word of letters, digits and - _ . ~ + / (no spaces). ' +
            'Copy it again, without anything around it.',
        );
      }
      const answer = await whoami(token);
      if (answer === null) {
        throw new Error(
          'The server could not be reached to check the token. Check the connection and try again.',
        );
      }
      if (answer instanceof Response) throw new Error(signInProblem(answer.status));
      storage.setItem(READER_TOKEN_KEY, token);
      state.set({ status: 'signed-in', reader: answer });
    },
    signOut() {
      storage.removeItem(READER_TOKEN_KEY);
      state.set({ status: 'signed-out', problem: null });
    },
  };
}
