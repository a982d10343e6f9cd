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
}: HotkeyButtonProps) {
  return (
    <button
      type="button"
      data-testid={testId}
      className={quiet === true ? 'aift-button aift-button--quiet' : 'aift-button'}
      onClick={onClick}
      disabled={disabled}
      aria-label={ariaLabel}
      aria-keyshortcuts={hotkey?.ariaKeys}
      title={hotkey === undefined ? undefined : `${ariaLabel ?? label} (${hotkey.display})`}
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
