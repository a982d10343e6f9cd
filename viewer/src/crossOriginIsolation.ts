// Cross-origin isolation for every response: with these headers the page gets SharedArrayBuffer, which
// onnxruntime-web needs for more than one WASM thread and Cornerstone3D prefers. They are safe because the
// viewer, its plugins, DICOMweb and the trainer API all come from this one origin. The headers are set before
// any route runs, so proxied responses, 404s and errors carry them too.
import type { RequestHandler } from 'express';

export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export const crossOriginIsolation: RequestHandler = (_req, res, next) => {
  res.set(CROSS_ORIGIN_ISOLATION_HEADERS);
  next();
};
