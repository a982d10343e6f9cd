// The AIFT labeling mode: OHIF's study browser on the left, the AIFT labeling panel on the right, one
// Cornerstone stack viewport with the uncertainty overlay, the heat-map toggle in the toolbar. It names the
// extension's modules only through the constants the extension exports.
import {
  COMMANDS,
  EXTENSION_ID,
  HEAT_MAP_BUTTON_ID,
  MODE_ID,
  MODE_ROUTE,
  PANEL_ID,
} from '@aift/ohif-extension/src/id.js';
import type { OhifContext, ToolbarButton } from '@aift/ohif-extension/src/ohif/ohifTypes.js';

const OHIF = {
  layout: '@ohif/extension-default.layoutTemplateModule.viewerLayout',
  studyBrowser: '@ohif/extension-default.panelModule.seriesList',
  stackSopClassHandler: '@ohif/extension-default.sopClassHandlerModule.stack',
  cornerstoneViewport: '@ohif/extension-cornerstone.viewportModule.cornerstone',
  cornerstoneTools: '@ohif/extension-cornerstone.utilityModule.tools',
} as const;

/**
 * Modalities of the single-frame or stacked greyscale images the classifier takes: projection radiography
 * (CR, DX), mammography (MG), cross-sectional slices (CT, MR) and secondary captures (OT). Colour photography
 * (XC), video, waveforms and structured objects are not images it can score.
 */
export const AIFT_MODALITIES: readonly string[] = ['CR', 'DX', 'MG', 'CT', 'MR', 'OT'];

/** OHIF's own buttons (from the cornerstone extension's toolbar customization) shown beside ours. */
const OHIF_BUTTONS = ['WindowLevel', 'Pan', 'Zoom', 'StackScroll'] as const;

/** The one tool group the stack viewport uses: window/level, pan, zoom and scroll on the usual buttons. */
const TOOL_GROUP_ID = 'default';

const extensionDependencies = {
  '@ohif/extension-default': '^3.0.0',
  '@ohif/extension-cornerstone': '^3.0.0',
  [EXTENSION_ID]: '^0.1.0',
};

interface ToolsModule {
  readonly toolNames: Readonly<Record<string, string>>;
  readonly Enums: { readonly MouseBindings: Readonly<Record<string, number>> };
}

interface ModeServices {
  readonly toolGroupService: {
    destroy(): void;
  } & OhifContext['servicesManager']['services']['toolGroupService'];
  readonly cornerstoneViewportService: { destroy(): void };
  readonly syncGroupService?: { destroy(): void };
}

function initToolGroup({ extensionManager, servicesManager }: OhifContext): void {
  const { toolNames, Enums } = extensionManager.getModuleEntry(OHIF.cornerstoneTools)?.exports as ToolsModule;
  const { Primary, Auxiliary, Secondary, Wheel } = Enums.MouseBindings;
  servicesManager.services.toolGroupService.createToolGroupAndAddTools(TOOL_GROUP_ID, {
    active: [
      { toolName: toolNames.WindowLevel, bindings: [{ mouseButton: Primary }] },
      { toolName: toolNames.Pan, bindings: [{ mouseButton: Auxiliary }] },
      { toolName: toolNames.Zoom, bindings: [{ mouseButton: Secondary }, { numTouchPoints: 2 }] },
      { toolName: toolNames.StackScroll, bindings: [{ mouseButton: Wheel }, { numTouchPoints: 3 }] },
    ],
  });
}

function registerToolbar({ servicesManager }: OhifContext): void {
  const { toolbarService, customizationService } = servicesManager.services;
  const ohifButtons = customizationService.getCustomization('cornerstone.toolbarButtons');
  const picked = (Array.isArray(ohifButtons) ? (ohifButtons as ToolbarButton[]) : []).filter((button) =>
    (OHIF_BUTTONS as readonly string[]).includes(button.id),
  );
  toolbarService.register(picked);
  toolbarService.updateSection(toolbarService.sections.primary, [
    ...picked.map((button) => button.id),
    HEAT_MAP_BUTTON_ID,
  ]);
}

function modeFactory() {
  return {
    id: MODE_ID,
    routeName: MODE_ROUTE,
    displayName: 'AIFT labeling',
    extensions: extensionDependencies,
    hangingProtocol: 'default',
    sopClassHandlers: [OHIF.stackSopClassHandler],
    isValidMode({ modalities }: { modalities: string }) {
      const present = modalities.split('\\');
      const valid = present.some((modality) => AIFT_MODALITIES.includes(modality));
      return { valid, description: `AIFT labels ${AIFT_MODALITIES.join(', ')} images` };
    },
    onModeEnter(context: OhifContext) {
      initToolGroup(context);
      // The extension registers its heat-map button, hotkeys and services for this mode.
      context.commandsManager.runCommand(COMMANDS.enterMode);
      registerToolbar(context);
    },
    onModeExit({ servicesManager }: OhifContext) {
      const { toolGroupService, cornerstoneViewportService, syncGroupService } =
        servicesManager.services as unknown as ModeServices;
      toolGroupService.destroy();
      syncGroupService?.destroy();
      cornerstoneViewportService.destroy();
    },
    routes: [
      {
        path: MODE_ROUTE,
        layoutTemplate: () => ({
          id: OHIF.layout,
          props: {
            leftPanels: [OHIF.studyBrowser],
            rightPanels: [PANEL_ID],
            viewports: [
              { namespace: OHIF.cornerstoneViewport, displaySetsToDisplay: [OHIF.stackSopClassHandler] },
            ],
          },
        }),
      },
    ],
  };
}

const mode = { id: MODE_ID, modeFactory, extensionDependencies };

export default mode;
