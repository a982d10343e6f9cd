// Narrow types for the parts of OHIF 3.13 and Cornerstone3D this extension uses. @ohif/core publishes no
// types, so these describe what the 3.13.2 dist does (read from its source), nothing more.
import type { ReactNode } from 'react';
import type { AiftViewerConfig } from '../services/types.js';

export interface Subscription {
  unsubscribe(): void;
}

export interface PubSubService {
  readonly EVENTS: Readonly<Record<string, string>>;
  subscribe(event: string, listener: (payload: unknown) => void): Subscription;
}

export type Point2 = readonly [number, number];
export type Point3 = readonly [number, number, number];

/** A Cornerstone3D viewport (StackViewport for this mode); optional members are absent on other kinds. */
export interface CornerstoneViewport {
  readonly id: string;
  readonly element: HTMLDivElement;
  getCurrentImageId?(): string | undefined;
  getImageIds?(): string[];
  setImageIdIndex?(index: number): Promise<unknown>;
  worldToCanvas(world: Point3): Point2;
  getImageData?():
    { readonly dimensions: Point3; readonly imageData: { indexToWorld(index: Point3): Point3 } } | undefined;
}

/** Cornerstone events (dispatched on the viewport element) that this extension listens to. */
export const CORNERSTONE_EVENTS = {
  stackNewImage: 'CORNERSTONE_STACK_NEW_IMAGE',
  imageRendered: 'CORNERSTONE_IMAGE_RENDERED',
} as const;

export interface OhifInstance {
  readonly SOPInstanceUID: string;
  readonly NumberOfFrames?: number | string;
  readonly imageId?: string;
}

export interface DisplaySet {
  readonly displaySetInstanceUID: string;
  readonly StudyInstanceUID: string;
  readonly SeriesInstanceUID: string;
  readonly instances?: readonly OhifInstance[];
}

export interface DisplaySetService extends PubSubService {
  getActiveDisplaySets(): DisplaySet[];
  getDisplaySetByUID(displaySetInstanceUID: string): DisplaySet | undefined;
}

export interface ViewportGridService extends PubSubService {
  getActiveViewportId(): string | undefined;
  getState(): {
    readonly viewports: ReadonlyMap<string, { readonly displaySetInstanceUIDs?: readonly string[] }>;
  };
}

export interface CornerstoneViewportService extends PubSubService {
  getCornerstoneViewport(viewportId: string): CornerstoneViewport | undefined;
}

/** One entry of `setDisplaySetsForViewports`; other fields pass through untouched. */
export interface ViewportUpdate {
  readonly viewportId: string;
  readonly displaySetInstanceUIDs: readonly string[];
  readonly viewportOptions?: Readonly<Record<string, unknown>>;
}

export interface HangingProtocolService {
  getViewportsRequireUpdate(
    viewportId: string,
    displaySetInstanceUID: string,
    isHangingProtocolLayout?: boolean,
  ): ViewportUpdate[];
}

export interface UiNotificationService {
  show(notification: { title: string; message: string; type: string; duration?: number }): void;
}

export interface UserAuthenticationService {
  getAuthorizationHeader?(): Record<string, string> | undefined;
  /**
   * Replaces the named parts only. OHIF's DICOMweb data source (QIDO-RS, WADO-RS metadata, thumbnails) and
   * its Cornerstone image loader call getAuthorizationHeader before each request.
   */
  setServiceImplementation(implementation: {
    getAuthorizationHeader?: () => Record<string, string> | undefined;
  }): void;
}

/**
 * React providers that App wraps around the router (3.13: inside OHIF's own providers, around its dialog
 * and modal providers and the routes), each given `{ service, children }`.
 */
export interface ServiceProvidersManager {
  registerProvider(serviceName: string, provider: (props: { children?: ReactNode }) => ReactNode): void;
}

export interface ToolbarButton {
  readonly id: string;
  readonly uiType: string;
  readonly props: Readonly<Record<string, unknown>>;
}

export interface ToolbarService {
  register(buttons: ToolbarButton[], replace?: boolean): void;
  updateSection(section: string, buttonIds: string[]): void;
  refreshToolbarState(props: { viewportId?: string }): void;
  readonly sections: { readonly primary: string };
}

export interface CustomizationService {
  getCustomization(id: string): unknown;
  setCustomizations(customizations: Record<string, unknown>): void;
}

export interface ToolGroupService {
  createToolGroupAndAddTools(toolGroupId: string, tools: Record<string, unknown>): unknown;
  destroy(): void;
}

export interface OhifServices {
  readonly displaySetService: DisplaySetService;
  readonly viewportGridService: ViewportGridService;
  readonly cornerstoneViewportService: CornerstoneViewportService;
  readonly hangingProtocolService: HangingProtocolService;
  readonly uiNotificationService: UiNotificationService;
  readonly userAuthenticationService: UserAuthenticationService;
  readonly toolbarService: ToolbarService;
  readonly customizationService: CustomizationService;
  readonly toolGroupService: ToolGroupService;
}

export interface ServicesManager {
  readonly services: OhifServices;
}

export interface CommandsManager {
  runCommand(commandName: string, options?: Record<string, unknown>, context?: string): unknown;
  getCommand(commandName: string): unknown;
}

export interface ExtensionManager {
  getActiveDataSourceDefinition(): { readonly configuration?: { readonly wadoRoot?: string } } | undefined;
  getModuleEntry(id: string): { readonly exports?: unknown } | undefined;
}

/** What OHIF passes to preRegistration, module getters and lifecycle hooks. */
export interface OhifContext {
  readonly servicesManager: ServicesManager;
  readonly commandsManager: CommandsManager;
  readonly extensionManager: ExtensionManager;
}

/** What preRegistration gets besides: the app's configuration (window.config) and the provider registry. */
export interface OhifRegistrationContext extends OhifContext {
  readonly serviceProvidersManager: ServiceProvidersManager;
  readonly appConfig?: { readonly aift?: AiftViewerConfig; readonly oidc?: unknown };
}

export interface HotkeyDefinition {
  readonly commandName: string;
  readonly commandOptions?: Readonly<Record<string, unknown>>;
  readonly label: string;
  readonly keys: readonly string[];
  readonly isEditable?: boolean;
}
