import type { LabelingHotkey } from './hotkeys.js';

export interface HotkeyButtonProps {
  readonly testId: string;
  readonly label: string;
  readonly hotkey: LabelingHotkey | undefined;
  readonly onClick: () => void;
  readonly disabled?: boolean;
  /** Spoken instead of the visible label, e.g. "Label as pneumonia". */
  readonly ariaLabel?: string;
  readonly quiet?: boolean;
  /** The answer given before an undo: outlined, and said in its name. */
  readonly previous?: boolean;
}

/** A real button that shows its hotkey and announces it (`aria-keyshortcuts`). */
export function HotkeyButton({
  testId,
  label,
  hotkey,
  onClick,
  disabled,
  ariaLabel,
  quiet,
  previous = false,
}: HotkeyButtonProps) {
  const name = previous ? `${ariaLabel ?? label} (your previous answer)` : ariaLabel;
  return (
    <button
      type="button"
      data-testid={testId}
      className={quiet === true ? 'aift-button aift-button--quiet' : 'aift-button'}
      onClick={onClick}
      disabled={disabled}
      data-previous={previous ? 'true' : undefined}
      aria-label={name}
      aria-keyshortcuts={hotkey?.ariaKeys}
      title={hotkey === undefined ? undefined : `${name ?? label} (${hotkey.display})`}
    >
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{label}</span>
      {hotkey !== undefined && (
        <kbd className="aift-kbd" aria-hidden="true">
          {hotkey.display}
        </kbd>
      )}
    </button>
  );
}
