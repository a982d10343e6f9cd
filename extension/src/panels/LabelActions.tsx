import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { AiftServices, PendingLabel } from '../services/types.js';
import { ClassButtons } from '../components/ClassButtons.js';
import { HotkeyButton } from '../components/HotkeyButton.js';
import { hotkeyFor } from '../components/hotkeys.js';
import type { LabelingHotkey } from '../components/hotkeys.js';
import { colours, fontSizes } from '../components/theme.js';
import type { Action } from './useAction.js';

export interface LabelActionsProps {
  readonly services: AiftServices;
  readonly classes: readonly string[];
  readonly hotkeys: readonly LabelingHotkey[];
  /** Labels need a registered candidate on screen. */
  readonly hasCase: boolean;
  /** The answer undo took back from the case on screen, marked on its button; null otherwise. */
  readonly previous: string | null;
  readonly lastLabel: PendingLabel | null;
  /** Shared with the worklist, so one case is opened or labeled at a time and failures show here. */
  readonly action: Action;
}

/** The class, Skip and Unsure buttons, Next and Undo, and an optional note sent with the next label. */
export function LabelActions({
  services,
  classes,
  hotkeys,
  hasCase,
  previous,
  lastLabel,
  action,
}: LabelActionsProps) {
  const [note, setNote] = useState('');
  const { busy, error, run } = action;

  const onLabel = (value: string) => {
    const text = note.trim();
    run(async () => {
      await (text === '' ? services.label(value) : services.label(value, text));
      setNote('');
    });
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '0.4rem' }}>
      <ClassButtons
        classes={classes}
        hotkeys={hotkeys}
        onLabel={onLabel}
        disabled={busy || !hasCase}
        previous={previous}
      />
      <label style={{ display: 'flex', flexDirection: 'column', gap: '0.2rem', fontSize: fontSizes.xs }}>
        <span style={{ color: colours.mutedForeground }}>Note (optional, sent with the label)</span>
        <textarea
          data-testid="aift-note"
          className="aift-textarea"
          rows={2}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          onKeyDown={keepKeysHere}
          onKeyUp={keepKeysHere}
          onKeyPress={keepKeysHere}
        />
      </label>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.3rem' }}>
        <HotkeyButton
          testId="aift-next"
          label="Next case"
          hotkey={hotkeyFor(hotkeys, (action) => action.kind === 'next')}
          onClick={() => run(() => services.nextCase())}
          disabled={busy}
        />
        <HotkeyButton
          testId="aift-undo"
          label="Undo"
          ariaLabel={lastLabel === null ? 'Undo the last label' : `Undo the last label (${lastLabel.value})`}
          hotkey={hotkeyFor(hotkeys, (action) => action.kind === 'undo')}
          onClick={() => run(() => services.undo())}
          disabled={busy || lastLabel === null}
          quiet
        />
      </div>
      {lastLabel !== null && (
        <div
          data-testid="aift-last-label"
          data-value={lastLabel.value}
          data-sent={String(lastLabel.serverId !== undefined)}
          style={{ color: colours.mutedForeground, fontSize: fontSizes.xs }}
        >
          Last label: <span style={{ color: colours.foreground }}>{lastLabel.value}</span>
          {lastLabel.serverId === undefined ? ' · queued' : ' · sent'}
        </div>
      )}
      {error !== null && (
        <div
          data-testid="aift-action-error"
          role="alert"
          style={{ color: colours.warning, fontSize: fontSizes.xs }}
        >
          {error}
        </div>
      )}
    </div>
  );
}

/** Typing a note must not label, skip or move on: the viewer's hotkeys listen on the document. */
function keepKeysHere(event: KeyboardEvent<HTMLTextAreaElement>): void {
  event.stopPropagation();
}
