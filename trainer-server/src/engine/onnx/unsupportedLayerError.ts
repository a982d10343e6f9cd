/** The exporter met a layer type, or a configuration of a supported type, that it cannot write to ONNX. */
export class UnsupportedLayerError extends Error {
  override readonly name = 'UnsupportedLayerError';

  constructor(
    readonly layerName: string,
    readonly className: string,
    reason: string,
  ) {
    super(`cannot export layer '${layerName}' (${className}) to ONNX: ${reason}`);
  }
}
