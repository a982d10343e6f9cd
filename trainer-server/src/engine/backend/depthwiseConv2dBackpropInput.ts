import { backend_util, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs';
import type {
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';

import { assertShape, nhwc, requireInputs } from './kernelArgs.js';
import { composeWasmKernel } from './wasmKernelScope.js';

/**
 * dx is the transposed depthwise convolution: spread dy by the stride (zeros between rows and
 * columns), pad it so that every input position sees the whole filter, and correlate it with the
 * spatially flipped filter at stride 1 and the forward dilation. With a channel multiplier M the
 * flipped filter acts on the C*M channels of dy, and the M results of each input channel are summed.
 */
function depthwiseConv2dBackpropInput(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const { dy, filter } = requireInputs(DepthwiseConv2dNativeBackpropInput, args.inputs, ['dy', 'filter']);
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const [filterHeight, filterWidth, channels, multiplier] = nhwc(filter);
  const info = backend_util.computeConv2DInfo(
    inputShape,
    [filterHeight, filterWidth, channels, multiplier],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const [n, height, width] = inputShape;
  const { outHeight, outWidth, outChannels, padInfo } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  assertShape('dy', dy.shape, [n, outHeight, outWidth, outChannels]);
  assertShape('inputShape', inputShape, [n, height, width, channels]);

  return composeWasmKernel(backend, (k) => {
    const reachH = (filterHeight - 1) * dh;
    const reachW = (filterWidth - 1) * dw;
    const spread = k.dilate(dy, [sh, sw]);
    const framed = k.frame(
      spread,
      padInfo.top - reachH,
      height + reachH,
      padInfo.left - reachW,
      width + reachW,
    );
    const flipped = k.reshape(k.reverse(filter, [0, 1]), [filterHeight, filterWidth, outChannels, 1]);
    const perOutChannel = k.depthwiseConv2d(framed.x, flipped, framed.padding, [1, 1], [dh, dw]);
    if (multiplier === 1) return perOutChannel;
    return k.sum(k.reshape(perOutChannel, [n, height, width, channels, multiplier]), [4]);
  });
}

export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput as unknown as KernelConfig['kernelFunc'],
};
