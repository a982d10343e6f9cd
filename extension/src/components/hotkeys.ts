// The labeling hotkeys, in one place so the buttons that show them and the code that binds them (OHIF's
// hotkeysManager, through the mode) cannot disagree. OHIF's default bindings use 1-4 (window/level presets),
// n and ctrl+z too: the mode must replace those while labeling.

/** What a label may be besides a class (PendingLabel.value). */
export const SKIP = 'skip';
export const UNSURE = 'unsure';

export type LabelingAction =
  { readonly kind: 'label'; readonly value: string } | { readonly kind: 'next' } | { readonly kind: 'undo' };

export interface LabelingHotkey {
  readonly action: LabelingAction;
  /** Mousetrap syntax, as OHIF's hotkeysManager takes it: '1', 's', 'ctrl+z'. */
  readonly keys: string;
  /** As the button shows it, and in `aria-keyshortcuts` syntax: '1', 'S', 'Control+Z'. */
  readonly display: string;
  readonly ariaKeys: string;
}

/** Digits 1..9 label the first nine classes (in the model's class order); more classes get no hotkey. */
export const MAX_CLASS_HOTKEYS = 9;

export function labelingHotkeys(classes: readonly string[]): readonly LabelingHotkey[] {
  const classKeys = classes.slice(0, MAX_CLASS_HOTKEYS).map((value, i): LabelingHotkey => ({
    action: { kind: 'label', value },
    keys: String(i + 1),
    display: String(i + 1),
    ariaKeys: String(i + 1),
  }));
  return [
    ...classKeys,
    { action: { kind: 'label', value: SKIP }, keys: 's', display: 'S', ariaKeys: 'S' },
    { action: { kind: 'label', value: UNSURE }, keys: 'u', display: 'U', ariaKeys: 'U' },
    { action: { kind: 'next' }, keys: 'n', display: 'N', ariaKeys: 'N' },
    { action: { kind: 'undo' }, keys: 'ctrl+z', display: 'Ctrl+Z', ariaKeys: 'Control+Z' },
  ];
}

/** The hotkey of an action, if it has one. */
export function hotkeyFor(
  hotkeys: readonly LabelingHotkey[],
  matches: (action: LabelingAction) => boolean,
): LabelingHotkey | undefined {
  return hotkeys.find((hotkey) => matches(hotkey.action));
}
