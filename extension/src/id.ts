// Names other packages (the mode, tests) use to reach this extension's modules, commands and buttons.
// OHIF keys every module as `${extensionId}.${moduleType}.${name}`.

export const EXTENSION_ID = '@aift/ohif-extension';
export const MODE_ID = '@aift/ohif-mode';
/** The mode's URL segment: `/aift?StudyInstanceUIDs=…`. */
export const MODE_ROUTE = 'aift';
/** `/aift?StudyInstanceUIDs=…&aiftCase=top` (the link `npm start` prints) opens the worklist's top case. */
export const START_CASE_PARAM = 'aiftCase';

export const PANEL_NAME = 'aiftLabeling';
export const PANEL_ID = `${EXTENSION_ID}.panelModule.${PANEL_NAME}`;

/** The toolbar button that shows or hides the uncertainty heat map. */
export const HEAT_MAP_BUTTON_ID = 'aiftToggleHeatMap';
/** Toolbar evaluator that marks the heat-map button active while the heat map is shown. */
export const HEAT_MAP_EVALUATOR = 'evaluate.aift.heatMap';

export const COMMANDS = {
  /** Run by the mode's onModeEnter: starts the services, overlay and hotkeys for this mode only. */
  enterMode: 'aift.enterMode',
  next: 'aift.next',
  /** Options: `{ classIndex }` (0-based into the project's classes) or `{ value }` ('skip', 'unsure'). */
  label: 'aift.label',
  undo: 'aift.undo',
  toggleHeatMap: 'aift.toggleHeatMap',
} as const;
