// The model card's shape is the contract's (@aift/contract modelCard.ts), shared with the viewer that reads it.
export type { ColdStartRule, ModelCard } from '@aift/contract';

/** The preprocessing steps every model card names, as implemented in @aift/selection-core. */
export const PREPROCESSING_PIPELINE = [
  'dicomFrameToImagePlane: stored values -> modality LUT -> VOI window (or min/max) -> MONOCHROME1 inversion -> [0, 1]',
  'toModelInput: square at the backbone input size (letterbox or crop), bilinear at pixel centres, grey to 3 channels',
  'extractPatches: the augmentation plan, patch 0 being the plain image',
] as const;
