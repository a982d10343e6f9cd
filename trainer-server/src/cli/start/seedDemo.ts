// First start: fill an empty local Orthanc with the chest X-ray demo (demo/chest-xray/: 300 PneumoniaMNIST
// images, CC BY 4.0, see its ATTRIBUTION.md) through the importer of `npm run import -- dataset`: one study
// per image under a patient DEMO-CXR-0001^IMPORTED and so on, and one study whose series stacks six images.
import { fileURLToPath } from 'node:url';
import { importDataset } from '../import/importDataset.js';

/** The demo's manifest (path,label,split,group,source) and its classes, in the order the trainer uses. */
export const CXR_DEMO = {
  manifest: fileURLToPath(new URL('../../../../demo/chest-xray/pneumoniamnist-demo.csv', import.meta.url)),
  classes: ['normal', 'pneumonia'],
} as const;

const BATCH = 16;

/**
 * Imports the demo when Orthanc holds no instance, and writes its ground truth to `truthPath` (for
 * simulations only: the trainer learns from what readers label). Returns how many instances the PACS then
 * holds, or 0 when it was not empty and nothing was imported.
 */
export async function seedDemoIfEmpty(
  orthanc: { readonly url: string; readonly dicomWebRoot: string },
  truthPath: string,
): Promise<number> {
  if ((await instanceCount(orthanc.url)) > 0) return 0;
  const code = await importDataset({
    command: 'dataset',
    file: CXR_DEMO.manifest,
    pacs: orthanc.dicomWebRoot,
    auth: undefined,
    batchSize: BATCH,
    split: undefined,
    limit: undefined,
    classes: CXR_DEMO.classes,
    truth: truthPath,
  });
  if (code !== 0) throw new Error(`the demo import into ${orthanc.url} failed (see the lines above)`);
  return instanceCount(orthanc.url);
}

async function instanceCount(orthancUrl: string): Promise<number> {
  const url = `${orthancUrl}/statistics`;
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Orthanc answered HTTP ${response.status} to ${url}: ${text.slice(0, 200)}`);
  const { CountInstances } = JSON.parse(text) as { CountInstances?: unknown };
  if (typeof CountInstances !== 'number')
    throw new Error(`${url} did not report CountInstances: is this Orthanc?`);
  return CountInstances;
}
