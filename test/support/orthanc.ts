// A throw-away Orthanc for tests that need a real PACS: the product's own local PACS runner
// (`npm start` uses it too), with its storage in a new temp dir that stop() removes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freeLoopbackPort,
  OrthancNotInstalledError,
  startLocalOrthanc,
} from '../../trainer-server/src/cli/start/localOrthanc.js';

const START_ATTEMPTS = 3;

export interface RunningOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:39123 */
  readonly url: string;
  /** The DICOMweb root (QIDO-RS, WADO-RS, STOW-RS), e.g. http://127.0.0.1:39123/dicom-web */
  readonly dicomWebRoot: string;
  /** SIGTERM, wait for the exit (SIGKILL after a timeout), remove the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Orthanc (DICOMweb plugin only, remote access refused, DIMSE off) on a free loopback port with its
 * storage in a new temp dir, and resolves once it answers. The port is free when picked but could be taken
 * before Orthanc binds it: then another one is tried.
 */
export async function startOrthanc(): Promise<RunningOrthanc> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'aift-orthanc-'));
    try {
      const orthanc = await startLocalOrthanc(dir, await freeLoopbackPort());
      let stopping: Promise<void> | undefined;
      const stop = () =>
        (stopping ??= orthanc.stop().finally(() => rmSync(dir, { recursive: true, force: true })));
      return { url: orthanc.url, dicomWebRoot: orthanc.dicomWebRoot, stop };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (error instanceof OrthancNotInstalledError) throw error;
      lastError = error;
    }
  }
  throw new Error(`Orthanc did not start after ${START_ATTEMPTS} attempts`, { cause: lastError });
}

/** POSTs Part-10 files to Orthanc's `/instances`; returns Orthanc's instance ids. */
export async function uploadPart10(orthanc: RunningOrthanc, files: readonly Uint8Array[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const response = await fetch(`${orthanc.url}/instances`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom' },
      body: file,
    });
    const body = (await response.json()) as { ID?: string; Status?: string };
    if (!response.ok || body.ID === undefined || body.Status === 'Failure') {
      throw new Error(`Orthanc refused an upload: HTTP ${response.status} ${JSON.stringify(body)}`);
    }
    ids.push(body.ID);
  }
  return ids;
}
