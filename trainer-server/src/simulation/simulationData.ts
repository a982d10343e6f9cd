/** One split's patch embeddings (count x patches x embeddingSize, row-major) and true labels. */
export interface EmbeddedSplit {
  readonly embeddings: Float32Array;
  readonly labels: Int32Array;
}

/** What a simulation runs on: every image already embedded, so runs differ only in what they pick. */
export interface SimulationData {
  readonly classes: number;
  readonly patches: number;
  readonly embeddingSize: number;
  readonly pool: EmbeddedSplit;
  readonly test: EmbeddedSplit;
}

/** The m patch embeddings of candidate `index` of a split, without copying. */
export function patchEmbeddingsOf(
  data: SimulationData,
  split: EmbeddedSplit,
): (index: number) => Float32Array {
  const length = data.patches * data.embeddingSize;
  return (index) => split.embeddings.subarray(index * length, (index + 1) * length);
}

/** The plain-image (patch 0) embedding of every candidate of a split (count x embeddingSize). */
export function plainImageEmbeddings(data: SimulationData, split: EmbeddedSplit): Float32Array {
  const count = split.labels.length;
  const out = new Float32Array(count * data.embeddingSize);
  const stride = data.patches * data.embeddingSize;
  for (let i = 0; i < count; i++) {
    out.set(split.embeddings.subarray(i * stride, i * stride + data.embeddingSize), i * data.embeddingSize);
  }
  return out;
}
