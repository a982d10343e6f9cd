import type { AugmentationPlan } from '@aift/selection-core';
import { EmbeddingCache } from '../engine/embeddings/EmbeddingCache.js';
import type { Candidate } from '../pacs/ports.js';
import { DEFAULT_BACKBONE_VERSION } from '../services/CandidateEmbedder.js';
import { patchEmbeddingsOf } from './simulationData.js';
import type { SimulationData } from './simulationData.js';

/**
 * Files the harness's pool embeddings under the keys the trainer's CandidateEmbedder reads (SOP Instance
 * UID, frame, transform, the default backbone), so `simulate --as-product` does not embed every image again.
 * They are the same numbers: both come from embedPatches on the same pixels, plan and letterbox fit. Patches
 * already filed are left as they are.
 */
export function fileProductEmbeddings(
  dir: string,
  candidates: readonly Candidate[],
  data: SimulationData,
  plan: AugmentationPlan,
): void {
  const cache = new EmbeddingCache(dir, data.embeddingSize);
  const embeddingsOf = patchEmbeddingsOf(data, data.pool);
  candidates.forEach((candidate, index) => {
    const patches = embeddingsOf(index);
    plan.transforms.forEach((transform, j) => {
      const key = {
        image: candidate.sopInstanceUid,
        frame: 1,
        transform,
        backbone: DEFAULT_BACKBONE_VERSION,
      };
      if (cache.get(key)) return;
      cache.put(key, patches.slice(j * data.embeddingSize, (j + 1) * data.embeddingSize));
    });
  });
}
