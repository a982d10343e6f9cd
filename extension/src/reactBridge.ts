// Gives this runtime plugin the HOST's React. Hooks need one React instance, and the prebuilt OHIF 3.13.2
// viewer does not expose its own, so the plugin is built with react, react-dom and react/jsx-runtime read
// from the globals below (webpack.config.mjs), and this module, evaluated before any of them is read, sets
// those globals. A host that already sets them (OHIF >= 3.14's runtime-plugin contract) is left alone.
//
// How: pushing an entry onto the host's chunk-loading array makes the rspack/webpack runtime call the
// entry's function with its `__webpack_require__`. Its `.m` holds every module factory the host has; their
// source text identifies React, ReactDOM and the JSX runtime without running anything else (module ids
// change with every build; the shapes do not).

/** The globals the plugin bundles read React from (webpack.config.mjs `externals`). */
export const HOST_REACT_GLOBALS = {
  react: 'react',
  reactDom: 'react-dom',
  jsxRuntime: 'react/jsx-runtime',
} as const;

type HostModuleName = keyof typeof HOST_REACT_GLOBALS;

interface HostRequire {
  (moduleId: string): unknown;
  readonly m: Readonly<Record<string, unknown>>;
}

type ChunkEntry = [
  chunkIds: string[],
  modules: Record<string, never>,
  runtime: (require: HostRequire) => void,
];

/** Each host module, by words that only its factory's source contains (all of them). */
const SIGNATURES: Readonly<Record<HostModuleName, readonly string[]>> = {
  react: ['exports.useState', 'exports.createElement'],
  reactDom: ['exports.createRoot', 'exports.flushSync'],
  jsxRuntime: ['exports.jsx', 'exports.jsxs'],
};

/** Chunk-loading globals of rspack builds (OHIF >= 3.9) first, then webpack's `webpackChunk<name>`. */
function findChunkArray(host: Record<string, unknown>): { push(entry: ChunkEntry): unknown } {
  const names = ['rspackChunk', ...Object.keys(host).filter((key) => key.startsWith('webpackChunk'))];
  for (const name of names) {
    const candidate = host[name];
    if (Array.isArray(candidate) && candidate.push !== Array.prototype.push) {
      return candidate as { push(entry: ChunkEntry): unknown };
    }
  }
  throw new Error(
    "AIFT: cannot reach the host viewer's React: no rspack/webpack chunk loader on the page (looked for globalThis.rspackChunk and globalThis.webpackChunk*). Load the plugin from the OHIF viewer page, after its app bundle.",
  );
}

function captureHostRequire(host: Record<string, unknown>): HostRequire {
  let captured: HostRequire | undefined;
  // A chunk id the runtime has not seen, or it skips the entry's function.
  const chunkId = `aift-react-bridge-${Math.random().toString(36).slice(2)}`;
  findChunkArray(host).push([[chunkId], {}, (require) => void (captured = require)]);
  if (captured?.m === undefined) {
    throw new Error(
      "AIFT: the host's chunk loader did not hand over __webpack_require__ with its module factories (.m)",
    );
  }
  return captured;
}

function findModuleId(require: HostRequire, name: HostModuleName): string {
  const words = SIGNATURES[name];
  const matches = Object.keys(require.m).filter((id) => {
    const factory = require.m[id];
    if (typeof factory !== 'function') return false;
    const source = Function.prototype.toString.call(factory);
    return words.every((word) => source.includes(word));
  });
  const [id] = matches;
  if (id === undefined || matches.length !== 1) {
    throw new Error(
      `AIFT: expected exactly one module factory in the host viewer containing ${words.join(' and ')} (${HOST_REACT_GLOBALS[name]}), found ${matches.length}`,
    );
  }
  return id;
}

/** Sets the React globals from the host viewer's own modules, unless the host already set them. */
export function bridgeHostReact(host: Record<string, unknown> = globalThis): void {
  const names = Object.keys(HOST_REACT_GLOBALS) as HostModuleName[];
  if (names.every((name) => host[HOST_REACT_GLOBALS[name]] !== undefined)) return;
  const require = captureHostRequire(host);
  const ids = names.map((name) => [name, findModuleId(require, name)] as const);
  for (const [name, id] of ids) host[HOST_REACT_GLOBALS[name]] = require(id);
}

bridgeHostReact();
