import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type {
  Conv2DBackpropFilterAttrs,
  KernelBackend,
  KernelConfig,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';

import { assertShape, nhwc, requireInputs } from './kernelArgs.js';
import { composeWasmKernel } from './wasmKernelScope.js';

/**
 * dW[fh, fw, ci, co] = sum over (n, oh, ow) of xPadded[n, oh*sh + fh, ow*sw + fw, ci] * dy[n, oh, ow, co].
 * Read with ci as the batch, n as the input channels and dy as an [OH, OW, N, Cout] filter dilated by
 * the stride, that sum is a valid convolution whose output is exactly FH x FW, so wasm's XNNPACK
 * Conv2D does the work. A 1x1 filter at stride 1 without padding is a plain x^T dy product instead,
 * which is faster still.
 */
function conv2dBackpropFilter(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const { x, dy } = requireInputs(Conv2DBackpropFilter, args.inputs, ['x', 'dy']);
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  return composeWasmKernel(backend, (k) => {
    const channelsFirst = dataFormat === 'NCHW';
    const xs = channelsFirst ? k.transpose(x, [0, 2, 3, 1]) : x;
    const dys = channelsFirst ? k.transpose(dy, [0, 2, 3, 1]) : dy;
    const [n, height, width, inChannels] = nhwc(xs);
    const info = backend_util.computeConv2DInfo(nhwc(xs), filterShape, strides, 1, pad, dimRoundingMode);
    const { outHeight, outWidth, outChannels, strideHeight: sh, strideWidth: sw } = info;
    const { filterHeight, filterWidth, padInfo } = info;
    assertShape('dy', nhwc(dys), [n, outHeight, outWidth, outChannels]);
    assertShape('filterShape', filterShape, [filterHeight, filterWidth, inChannels, outChannels]);

    if (outHeight === height && outWidth === width && filterHeight * filterWidth * sh * sw === 1) {
      const positions = n * height * width;
      const xT = k.transpose(k.reshape(xs, [positions, inChannels]), [1, 0]);
      const product = k.batchMatMul(
        k.reshape(xT, [1, inChannels, positions]),
        k.reshape(dys, [1, positions, outChannels]),
      );
      return k.reshape(product, [...filterShape]);
    }
    const spanH = (outHeight - 1) * sh + filterHeight;
    const spanW = (outWidth - 1) * sw + filterWidth;
    const framed = k.frame(xs, -padInfo.top, spanH, -padInfo.left, spanW);
    const channelsAsBatch = k.transpose(framed.x, [3, 1, 2, 0]);
    const dyAsFilter = k.transpose(dys, [1, 2, 0, 3]);
    const perInChannel = k.conv2d(channelsAsBatch, dyAsFilter, framed.padding, [1, 1], [sh, sw]);
    return k.transpose(perInChannel, [1, 2, 0, 3]);
  });
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
