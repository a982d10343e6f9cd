import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs';
import type {
  Conv2DBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';

import { assertShape, nhwc, requireInputs } from './kernelArgs.js';
import { composeWasmKernel } from './wasmKernelScope.js';

/**
 * dx is the transposed convolution: spread dy by the stride, pad it so that every input position
 * sees the whole filter, and run a valid stride-1 Conv2D with the filter flipped in space and its
 * channel axes swapped ([FH, FW, Cout, Cin]). wasm ships this kernel, but its own version runs 5 to
 * 10 times slower than its XNNPACK Conv2D on the 1x1 convolutions that make up most of MobileNetV2,
 * where this one reduces to a single Conv2D.
 */
function conv2dBackpropInput(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const { dy, filter } = requireInputs(Conv2DBackpropInput, args.inputs, ['dy', 'filter']);
  const { strides, pad, dataFormat, dimRoundingMode } = attrs;
  const channelsFirst = dataFormat === 'NCHW';
  const [n, d1, d2, d3] = attrs.inputShape;
  const inputShape: [number, number, number, number] = channelsFirst ? [n, d2, d3, d1] : [n, d1, d2, d3];
  const [, height, width, channels] = inputShape;
  const [filterHeight, filterWidth, , outChannels] = nhwc(filter);
  const info = backend_util.computeConv2DInfo(inputShape, nhwc(filter), strides, 1, pad, dimRoundingMode);
  const { outHeight, outWidth, padInfo, strideHeight: sh, strideWidth: sw } = info;
  const dyShape = channelsFirst
    ? [n, outChannels, outHeight, outWidth]
    : [n, outHeight, outWidth, outChannels];
  assertShape('dy', dy.shape, dyShape);
  assertShape('filter', filter.shape, [filterHeight, filterWidth, channels, outChannels]);

  return composeWasmKernel(backend, (k) => {
    const dys = channelsFirst ? k.transpose(dy, [0, 2, 3, 1]) : dy;
    const reachH = filterHeight - 1;
    const reachW = filterWidth - 1;
    const spread = k.dilate(dys, [sh, sw]);
    const framed = k.frame(
      spread,
      padInfo.top - reachH,
      height + reachH,
      padInfo.left - reachW,
      width + reachW,
    );
    const flipped = k.transpose(k.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    const dx = k.conv2d(framed.x, flipped, framed.padding, [1, 1], [1, 1]);
    return channelsFirst ? k.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelConfig['kernelFunc'],
};
