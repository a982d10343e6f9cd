// The labeling hotkeys as OHIF hotkey definitions, merged into OHIF's hotkey customization for the AIFT mode
// only (the customization service's mode scope is reset on every mode entry, so other modes keep OHIF's
// defaults). The keys come from components/hotkeys.ts, which the panel's buttons show. OHIF's defaults on
// the same keys (1-4 window presets, n, ctrl+z, ...) are dropped in this mode.
import { labelingHotkeys, MAX_CLASS_HOTKEYS } from '../components/hotkeys.js';
import type { LabelingAction } from '../components/hotkeys.js';
import { COMMANDS } from '../id.js';
import type { HotkeyDefinition } from './ohifTypes.js';

/** Mode entry comes before the model (and so the classes) is known: bind every digit, by class index. */
const classHotkeys: HotkeyDefinition[] = Array.from({ length: MAX_CLASS_HOTKEYS }, (_, classIndex) => ({
  commandName: COMMANDS.label,
  commandOptions: { classIndex },
  label: `AIFT: label as class ${classIndex + 1}`,
  keys: [String(classIndex + 1)],
}));

function command(action: LabelingAction): Pick<HotkeyDefinition, 'commandName' | 'commandOptions' | 'label'> {
  switch (action.kind) {
    case 'label':
      return {
        commandName: COMMANDS.label,
        commandOptions: { value: action.value },
        label: `AIFT: ${action.value}`,
      };
    case 'next':
      return { commandName: COMMANDS.next, label: 'AIFT: next case' };
    case 'undo':
      return { commandName: COMMANDS.undo, label: 'AIFT: undo the last label' };
  }
}

export const AIFT_HOTKEYS: readonly HotkeyDefinition[] = [
  ...classHotkeys,
  ...labelingHotkeys([]).map((hotkey) => ({ ...command(hotkey.action), keys: [hotkey.keys] })),
  { commandName: COMMANDS.toggleHeatMap, label: 'AIFT: show/hide the uncertainty heat map', keys: ['o'] },
];

/** OHIF's current bindings without those on keys ours take, followed by ours. */
export function withAiftHotkeys(current: unknown): HotkeyDefinition[] {
  const taken = new Set(AIFT_HOTKEYS.flatMap((hotkey) => hotkey.keys));
  const existing = Array.isArray(current) ? (current as HotkeyDefinition[]) : [];
  return [
    ...existing.filter((hotkey) => !(hotkey.keys ?? []).some((key) => taken.has(key))),
    ...AIFT_HOTKEYS,
  ];
}
