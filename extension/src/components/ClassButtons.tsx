import { HotkeyButton } from './HotkeyButton.js';
import { hotkeyFor, SKIP, UNSURE } from './hotkeys.js';
import type { LabelingAction, LabelingHotkey } from './hotkeys.js';

export interface ClassButtonsProps {
  readonly classes: readonly string[];
  readonly hotkeys: readonly LabelingHotkey[];
  /** Called with a class, 'skip' or 'unsure'. */
  readonly onLabel: (value: string) => void;
  /** While there is no case to label. */
  readonly disabled: boolean;
  /** The answer undo took back from this case (a class, 'skip' or 'unsure'), marked as the previous one. */
  readonly previous?: string | null;
}

const labels = (value: string) => (action: LabelingAction) =>
  action.kind === 'label' && action.value === value;

/** One button per class, then Skip and Unsure, each with its hotkey. */
export function ClassButtons({ classes, hotkeys, onLabel, disabled, previous = null }: ClassButtonsProps) {
  return (
    <div
      role="group"
      aria-label="Label the case"
      style={{ display: 'flex', flexDirection: 'column', gap: '0.4rem' }}
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(7rem, 1fr))',
          gap: '0.3rem',
        }}
      >
        {classes.map((value) => (
          <HotkeyButton
            key={value}
            testId={`aift-label-${value}`}
            label={value}
            ariaLabel={`Label as ${value}`}
            hotkey={hotkeyFor(hotkeys, labels(value))}
            onClick={() => onLabel(value)}
            disabled={disabled}
            previous={previous === value}
          />
        ))}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.3rem' }}>
        <HotkeyButton
          testId="aift-skip"
          label="Skip"
          ariaLabel="Skip this case"
          hotkey={hotkeyFor(hotkeys, labels(SKIP))}
          onClick={() => onLabel(SKIP)}
          disabled={disabled}
          previous={previous === SKIP}
          quiet
        />
        <HotkeyButton
          testId="aift-unsure"
          label="Unsure"
          ariaLabel="Mark this case unsure"
          hotkey={hotkeyFor(hotkeys, labels(UNSURE))}
          onClick={() => onLabel(UNSURE)}
          disabled={disabled}
          previous={previous === UNSURE}
          quiet
        />
      </div>
    </div>
  );
}
