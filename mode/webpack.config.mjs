// Builds the mode as one ES module, dist/aift-mode.mjs, for the prebuilt OHIF viewer's window.config.modes.
//   npx webpack --config mode/webpack.config.mjs
// The mode is data plus tool-group setup; it bundles only the extension's id constants (no React).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginConfig } from '../extension/webpack.config.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export default pluginConfig({
  entry: resolve(here, 'src/index.ts'),
  filename: 'aift-mode.mjs',
  outputDir: resolve(here, 'dist'),
  externals: {},
});
