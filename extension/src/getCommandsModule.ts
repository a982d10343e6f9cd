import { COMMANDS } from './id.js';
import type { AiftSession } from './ohif/AiftSession.js';
import { HEAT_MAP_BUTTON } from './ohif/heatMapButton.js';
import { withAiftHotkeys } from './ohif/hotkeys.js';
import type { OhifContext } from './ohif/ohifTypes.js';
import type { AiftServices } from './services/types.js';

type CommandFn = (options: Record<string, unknown>) => unknown;

/** The labeling commands (hotkeys and the toolbar run them); outside the AIFT mode they do nothing. */
export function getCommandsModule(session: AiftSession, { servicesManager }: OhifContext) {
  const whenActive =
    (run: (services: AiftServices, options: Record<string, unknown>) => Promise<void> | void): CommandFn =>
    (options) => {
      const services = session.services.get();
      if (services === null) return;
      return Promise.resolve(run(services, options)).catch((error: unknown) =>
        session.port.notify({
          title: 'AIFT',
          message: error instanceof Error ? error.message : String(error),
          type: 'error',
        }),
      );
    };

  const definitions: Record<string, { commandFn: CommandFn }> = {
    [COMMANDS.enterMode]: {
      // Runs from the AIFT mode's onModeEnter, before OHIF reads the hotkey customization and binds it.
      commandFn: () => {
        const { toolbarService, customizationService } = servicesManager.services;
        toolbarService.register([HEAT_MAP_BUTTON]);
        customizationService.setCustomizations({
          'ohif.hotkeyBindings': {
            $set: withAiftHotkeys(customizationService.getCustomization('ohif.hotkeyBindings')),
          },
          // OHIF opens its cine player on every OT series (autoCineModalities: OT, US): Secondary Captures
          // such as the demo's X-rays are OT, and a play button over one radiograph only distracts.
          autoCineModalities: { $set: [] },
        });
        session.enter();
      },
    },
    [COMMANDS.next]: { commandFn: whenActive((services) => services.nextCase()) },
    [COMMANDS.label]: {
      commandFn: whenActive((services, { classIndex, value }) => {
        const label = typeof classIndex === 'number' ? services.classes()[classIndex] : value;
        // A digit beyond the project's classes labels nothing.
        if (typeof label === 'string') return services.label(label);
      }),
    },
    [COMMANDS.undo]: { commandFn: whenActive((services) => services.undo()) },
    [COMMANDS.toggleHeatMap]: { commandFn: whenActive((services) => services.toggleHeatMap()) },
  };
  return { definitions, defaultContext: 'VIEWER' };
}
