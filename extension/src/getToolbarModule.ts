import { HEAT_MAP_EVALUATOR } from './id.js';
import type { AiftSession } from './ohif/AiftSession.js';

/** The heat-map button's evaluator: active while the heat map is shown, disabled outside the AIFT mode. */
export function getToolbarModule(session: AiftSession) {
  return [
    {
      name: HEAT_MAP_EVALUATOR,
      evaluate: () => {
        const services = session.services.get();
        return { disabled: services === null, isActive: services?.overlay.get().heatMap ?? false };
      },
    },
  ];
}
