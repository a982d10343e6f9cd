// The toolbar button that shows or hides the uncertainty heat map; the mode puts it in the primary section.
import { COMMANDS, HEAT_MAP_BUTTON_ID, HEAT_MAP_EVALUATOR } from '../id.js';
import type { ToolbarButton } from './ohifTypes.js';

export const HEAT_MAP_BUTTON: ToolbarButton = {
  id: HEAT_MAP_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'icon-color-lut',
    label: 'Uncertainty heat map',
    tooltip: 'Show or hide the AI uncertainty heat map (O)',
    commands: COMMANDS.toggleHeatMap,
    evaluate: HEAT_MAP_EVALUATOR,
  },
};
