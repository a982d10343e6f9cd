// Builds the runtime plugin: one ES module, dist/aift-extension.mjs, that the prebuilt OHIF viewer imports
// (window.config.extensions / the mode's extension ids, resolved by the page's import map).
//   npx webpack --config extension/webpack.config.mjs
// React comes from the host viewer through the globals src/reactBridge.ts sets (the entry evaluates it
// first); onnxruntime-web stays an `import` that the page's import map resolves to the served ort .mjs.
// Everything else (@aift/*, dicomweb-client, dcmjs) is bundled.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Module ids the bundle reads from the host page instead of bundling. */
export const hostReactExternals = {
  react: 'var globalThis["react"]',
  'react-dom': 'var globalThis["react-dom"]',
  'react-dom/client': 'var globalThis["react-dom"]',
  'react/jsx-runtime': 'var globalThis["react/jsx-runtime"]',
};

/**
 * Fails the build unless the emitted bundle calls the React bridge before it first reads a React global: the
 * externals are plain global reads, evaluated where webpack places them.
 */
class BridgeRunsFirst {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('BridgeRunsFirst', (compilation) => {
      const { Compilation, WebpackError } = compiler.webpack;
      compilation.hooks.processAssets.tap(
        { name: 'BridgeRunsFirst', stage: Compilation.PROCESS_ASSETS_STAGE_ANALYSE },
        (assets) => {
          for (const [name, asset] of Object.entries(assets)) {
            if (!name.endsWith('.mjs')) continue;
            const source = asset.source().toString();
            const bridge = source.indexOf('bridgeHostReact();');
            const firstRead = source.search(/globalThis\["react/);
            if (bridge < 0 || (firstRead >= 0 && firstRead < bridge)) {
              compilation.errors.push(
                new WebpackError(`${name}: a React global is read before the React bridge runs`),
              );
            }
          }
        },
      );
    });
  }
}

/** Shared by the extension and mode builds: TypeScript through esbuild, `.js` imports resolved to `.ts`. */
export function pluginConfig({ entry, filename, outputDir, externals, plugins = [] }) {
  return {
    mode: 'production',
    target: ['web', 'es2022'],
    entry,
    experiments: { outputModule: true },
    output: {
      path: outputDir,
      filename,
      module: true,
      library: { type: 'module' },
      chunkFormat: 'module',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [{ test: /\.tsx?$/, loader: 'esbuild-loader', options: { target: 'es2022', jsx: 'automatic' } }],
    },
    externals,
    plugins,
    // One file: the page imports exactly one specifier per plugin.
    optimization: { splitChunks: false, minimize: false },
    performance: { hints: false },
    devtool: 'source-map',
  };
}

export default pluginConfig({
  entry: resolve(here, 'src/ohif/pluginEntry.ts'),
  filename: 'aift-extension.mjs',
  outputDir: resolve(here, 'dist'),
  externals: { ...hostReactExternals, 'onnxruntime-web': 'module onnxruntime-web' },
  plugins: [new BridgeRunsFirst()],
});
