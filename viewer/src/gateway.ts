// The viewer gateway: one origin for the OHIF viewer, our plugins, onnxruntime-web, the PACS's DICOMweb and
// the trainer API, every response cross-origin isolated. Route order matters: the proxies come first and
// nothing reads a request body, so DICOMweb and trainer bodies pass through as they are. /dicom-web admits
// only the trainer's signed-in users; nothing the gateway serves carries a credential.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express } from 'express';
import { buildAppConfig } from './appConfig.js';
import { crossOriginIsolation } from './crossOriginIsolation.js';
import { dicomWebProxy } from './dicomWebProxy.js';
import type { DicomWebTarget } from './dicomWebProxy.js';
import { ohifApp } from './ohifApp.js';
import { defaultOrtDir } from './ortDist.js';
import { ortFiles } from './ortFiles.js';
import { DICOMWEB_PATH, ORT_PATH, PLUGINS_PATH } from './paths.js';
import { pluginFiles } from './pluginFiles.js';
import { requireSignIn } from './requireSignIn.js';
import { trainerRoute } from './trainerRoute.js';
import type { TrainerTarget } from './trainerRoute.js';

export interface ViewerGatewayOptions {
  /** The extracted OHIF dist (ensureOhifDist). */
  readonly ohifDir: string;
  /** Module id -> path of a built plugin (.mjs), served at /aift/plugins/<file name>. Default none. */
  readonly plugins?: Readonly<Record<string, string>>;
  /** Ids (keys of `plugins`) that app-config.js lists as extensions. */
  readonly extensions?: readonly string[];
  /** Ids (keys of `plugins`) that app-config.js lists as modes. */
  readonly modes?: readonly string[];
  /** onnxruntime-web's dist folder; default the installed package's. */
  readonly ortDir?: string;
  readonly dicomWeb: DicomWebTarget;
  readonly trainer: TrainerTarget;
  /** `window.config.aift` (AiftViewerConfig), JSON-serialisable; every browser can read it: no secrets. */
  readonly aift?: object;
}

export function createViewerGateway(options: ViewerGatewayOptions): Express {
  const plugins = pluginFiles(options.plugins ?? {});
  const extensions = options.extensions ?? [];
  const modes = options.modes ?? [];
  for (const id of [...extensions, ...modes]) {
    if (plugins.urls[id] === undefined)
      throw new Error(`${id} is listed in extensions or modes but not in plugins`);
  }
  const ort = ortFiles(options.ortDir ?? defaultOrtDir());

  const app = express();
  app.disable('x-powered-by');
  app.use(crossOriginIsolation);
  app.use(trainerRoute(options.trainer));
  app.use(DICOMWEB_PATH, requireSignIn(options.trainer), dicomWebProxy(options.dicomWeb));
  app.use(PLUGINS_PATH, plugins.router);
  app.use(ORT_PATH, ort.router);
  app.use(
    ohifApp({
      ohifDir: options.ohifDir,
      importMap: { ...plugins.urls, 'onnxruntime-web': ort.moduleUrl },
      appConfig: buildAppConfig({
        extensions,
        modes,
        dicomWebPath: DICOMWEB_PATH,
        ...(options.aift === undefined ? {} : { aift: options.aift }),
      }),
    }),
  );
  return app;
}

export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface RunningViewerGateway {
  /** e.g. http://127.0.0.1:39123 (no trailing slash) */
  readonly url: string;
  /** Stops listening and ends open connections (event streams included). Safe to call twice. */
  close(): Promise<void>;
}

export async function startViewerGateway(
  options: ViewerGatewayOptions & ListenOptions,
): Promise<RunningViewerGateway> {
  const server = createServer(createViewerGateway(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, family, port } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      server.closeAllConnections();
    }));
  return { url: `http://${host}:${port}`, close };
}
