import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { colours, fontSizes } from './theme.js';
import { useAiftStyle } from './useAiftStyle.js';

export interface SignInScreenProps {
  /** A token kept from earlier in this tab is being checked: no form yet. */
  readonly checking: boolean;
  /** Why the viewer asks again (a kept token was refused), shown above the form. */
  readonly problem: string | null;
  /** Checks and keeps the token; rejects with a message for the reader. */
  readonly onSignIn: (token: string) => Promise<void>;
}

/**
 * The whole page until a reader has signed in: who is labeling, what to paste, and where it comes from.
 * Render only; the form's own input, busy flag and the last failure are its only state.
 */
export function SignInScreen({ checking, problem, onSignIn }: SignInScreenProps) {
  useAiftStyle();
  const inputId = useId();
  const helpId = useId();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = error ?? problem;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onSignIn(token).catch((reason: unknown) => {
      setBusy(false);
      setError(reason instanceof Error ? reason.message : String(reason));
    });
  };

  return (
    <div
      data-testid="aift-sign-in"
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${inputId}-title`}
      style={{
        position: 'fixed',
        inset: 0,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: colours.background,
        color: colours.foreground,
        fontSize: fontSizes.lg,
        lineHeight: 1.5,
        zIndex: 1000,
      }}
    >
      <form
        data-testid="aift-sign-in-form"
        onSubmit={submit}
        style={{
          width: 'min(32rem, calc(100vw - 2rem))',
          background: colours.muted,
          border: `1px solid ${colours.input}`,
          borderRadius: '0.5rem',
          padding: '1.5rem',
          display: 'flex',
          flexDirection: 'column',
          gap: '0.75rem',
        }}
      >
        <div
          style={{
            color: colours.highlight,
            fontSize: fontSizes.sm,
            textTransform: 'uppercase',
            letterSpacing: '0.05em',
          }}
        >
          AIFT labeling
        </div>
        <h1 id={`${inputId}-title`} style={{ margin: 0, fontSize: '1.25rem', fontWeight: 600 }}>
          Who is labeling?
        </h1>
        {checking ? (
          <p style={{ margin: 0, color: colours.mutedForeground }}>Checking your sign-in…</p>
        ) : (
          <>
            <p style={{ margin: 0 }}>
              Sign in with your personal reader token to open the viewer. Every label you give is recorded
              under your name.
            </p>
            <label htmlFor={inputId} style={{ fontWeight: 600 }}>
              Your reader token
            </label>
            <input
              id={inputId}
              data-testid="aift-sign-in-token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              aria-describedby={helpId}
              aria-invalid={shown !== null}
              value={token}
              onChange={(event) => setToken(event.target.value)}
              placeholder="Paste the token here"
              style={{
                font: 'inherit',
                fontFamily: 'ui-monospace, monospace',
                color: colours.foreground,
                background: colours.background,
                border: `1px solid ${shown === null ? colours.input : colours.warning}`,
                borderRadius: '0.375rem',
                padding: '0.5rem',
              }}
            />
            {shown !== null && (
              <p
                data-testid="aift-sign-in-problem"
                role="alert"
                style={{ margin: 0, color: colours.warning, fontSize: fontSizes.base }}
              >
                {shown}
              </p>
            )}
            <button
              type="submit"
              data-testid="aift-sign-in-submit"
              className="aift-button"
              disabled={busy}
              style={{ justifyContent: 'center', background: colours.primary, color: colours.background }}
            >
              {busy ? 'Checking…' : 'Sign in'}
            </button>
            <div id={helpId} style={{ fontSize: fontSizes.base, color: colours.mutedForeground }}>
              <p style={{ margin: '0 0 0.4rem' }}>
                <strong style={{ color: colours.foreground }}>Where is my token?</strong> Your administrator
                gives each reader their own token, a line of letters and digits. In the local demo (
                <code>npm start</code>), the terminal prints one per reader: copy the text after{' '}
                <code>READER_1_TOKEN=</code> or <code>READER_2_TOKEN=</code>.
              </p>
              <p style={{ margin: 0 }}>
                The token stays in this browser tab only: closing the tab or pressing “Sign out” in the AIFT
                panel forgets it.
              </p>
            </div>
          </>
        )}
      </form>
    </div>
  );
}
