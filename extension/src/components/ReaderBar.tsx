import type { Reader } from '../services/readerSignIn.js';
import { colours, fontSizes } from './theme.js';

export interface ReaderBarProps {
  /** Null while the trainer could not say who the token belongs to. */
  readonly reader: Reader | null;
  readonly onSignOut: () => void;
}

/** Whose labels these are, and the way out for a shared workstation. */
export function ReaderBar({ reader, onSignOut }: ReaderBarProps) {
  return (
    <div
      data-testid="aift-reader"
      data-name={reader?.name}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: '0.5rem',
        padding: '0.4rem 0.5rem',
        background: colours.background,
        color: colours.mutedForeground,
        fontSize: fontSizes.sm,
        borderBottom: `1px solid ${colours.border}`,
      }}
    >
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        Labeling as{' '}
        <strong style={{ color: colours.foreground }}>
          {reader?.name ?? 'a reader the server could not confirm'}
        </strong>
        {reader !== null && reader.role !== 'annotator' && ` (${reader.role})`}
      </span>
      <button
        type="button"
        data-testid="aift-sign-out"
        className="aift-button aift-button--quiet"
        style={{ marginLeft: 'auto', fontSize: fontSizes.sm, minHeight: '1.5rem' }}
        onClick={onSignOut}
      >
        Sign out
      </button>
    </div>
  );
}
