// First start: fill an empty local Orthanc with the synthetic demo dataset.
import { demoStack, demoStudies } from './demoStudies.js';

/** Kept small: the trainer embeds every image at its first start (the cold start). */
export const DEMO_IMAGE_COUNT = 64;
export const DEMO_IMAGE_SIZE = 64;
/** Images of the one demo stack (a series the viewer shows with its per-frame worthiness strip). */
export const DEMO_STACK_IMAGES = 8;

/** Uploads the demo studies when Orthanc holds no instance; returns how many it uploaded (0: not empty). */
export async function seedDemoIfEmpty(orthancUrl: string): Promise<number> {
  const statistics = await orthancJson<{ CountInstances?: number }>(`${orthancUrl}/statistics`);
  if (typeof statistics.CountInstances !== 'number') {
    throw new Error(`${orthancUrl}/statistics did not report CountInstances: is this Orthanc?`);
  }
  if (statistics.CountInstances > 0) return 0;
  const studies = [
    ...demoStudies(DEMO_IMAGE_COUNT, DEMO_IMAGE_SIZE),
    ...demoStack(DEMO_STACK_IMAGES, DEMO_IMAGE_SIZE),
  ];
  for (const study of studies) {
    await orthancJson(`${orthancUrl}/instances`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom' },
      body: study.part10,
    });
  }
  return studies.length;
}

async function orthancJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Orthanc answered HTTP ${response.status} to ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}
