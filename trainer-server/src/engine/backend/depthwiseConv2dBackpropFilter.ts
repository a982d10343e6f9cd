import { backend_util, DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs';
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  KernelBackend,
  KernelConfig,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';

import { assertShape, nhwc, requireInputs } from './kernelArgs.js';
import { composeWasmKernel } from './wasmKernelScope.js';

/**
 * dW[fh, fw, c, m] = sum over (n, oh, ow) of
 *   xPadded[n, oh*sh + fh*dh, ow*sw + fw*dw, c] * dy[n, oh, ow, c*M + m].
 * With (n, c) as the channels of a single image and dy as an [OH, OW, N*C, M] depthwise filter
 * dilated by the stride, that sum is a valid depthwise convolution, strided by the forward dilation,
 * whose output is exactly FH x FW; summing its N groups gives dW. XNNPACK does the heavy part.
 */
function depthwiseConv2dBackpropFilter(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const { x, dy } = requireInputs(DepthwiseConv2dNativeBackpropFilter, args.inputs, ['x', 'dy']);
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const [n, , , channels] = nhwc(x);
  const info = backend_util.computeConv2DInfo(
    nhwc(x),
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { outHeight, outWidth, outChannels, filterHeight, filterWidth, padInfo } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const multiplier = filterShape[3];
  assertShape('dy', dy.shape, [n, outHeight, outWidth, outChannels]);
  assertShape('filterShape', filterShape, [filterHeight, filterWidth, channels, multiplier]);

  return composeWasmKernel(backend, (k) => {
    const spanH = (outHeight - 1) * sh + (filterHeight - 1) * dh + 1;
    const spanW = (outWidth - 1) * sw + (filterWidth - 1) * dw + 1;
    const framed = k.frame(x, -padInfo.top, spanH, -padInfo.left, spanW);
    const [, height, width] = nhwc(framed.x);
    const oneImage = k.reshape(k.transpose(framed.x, [1, 2, 0, 3]), [1, height, width, n * channels]);
    const dyAsFilter = k.reshape(k.transpose(dy, [1, 2, 0, 3]), [
      outHeight,
      outWidth,
      n * channels,
      multiplier,
    ]);
    const perImage = k.depthwiseConv2d(oneImage, dyAsFilter, framed.padding, [dh, dw], [sh, sw]);
    const summed = k.sum(k.reshape(perImage, [filterHeight, filterWidth, n, outChannels]), [2]);
    return k.reshape(summed, [...filterShape]);
  });
}

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
