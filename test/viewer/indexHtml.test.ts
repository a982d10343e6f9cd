import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { injectImportMap } from '../../viewer/src/index.js';

const IMPORTS = {
  '@aift/ohif-extension': '/aift/plugins/aift-extension.mjs',
  'onnxruntime-web': '/aift/ort/ort.webgpu.bundle.min.mjs',
};

/** The import map element's JSON, and where it sits in the page. */
function importMapOf(html: string): { imports: Record<string, string>; index: number } {
  const match = /<script type="importmap">(.*?)<\/script>/s.exec(html);
  assert.ok(match, 'no import map in the page');
  return { ...(JSON.parse(match[1] ?? '') as { imports: Record<string, string> }), index: match.index };
}

describe('injectImportMap', () => {
  it('puts the map before the first script, classic or module, and leaves the rest as it was', () => {
    const html =
      '<!doctype html><html><head><meta charset="UTF-8"><title>OHIF</title>' +
      '<script>window.PUBLIC_URL="/"</script><script type="module" src="/init-service-worker.js"></script>' +
      '</head><body><div id="root"></div></body></html>';
    const rewritten = injectImportMap(html, IMPORTS);
    const map = importMapOf(rewritten);
    assert.deepEqual(map.imports, IMPORTS);
    assert.ok(map.index < rewritten.indexOf('<script>window.PUBLIC_URL'));
    assert.ok(map.index < rewritten.indexOf('<script type="module"'));
    assert.equal(rewritten.replace(/<script type="importmap">.*?<\/script>/s, ''), html);
  });

  it('goes before </head> in a page without scripts', () => {
    const html = '<html><head><title>x</title></head><body></body></html>';
    const rewritten = injectImportMap(html, IMPORTS);
    assert.ok(importMapOf(rewritten).index < rewritten.indexOf('</head>'));
  });

  it('refuses a page with neither a script nor a head', () => {
    assert.throws(() => injectImportMap('<p>hello</p>', IMPORTS), /import map/);
  });

  it('cannot be broken out of by a specifier or URL', () => {
    const rewritten = injectImportMap('<head></head>', { '</script><script>alert(1)//': '/x.mjs' });
    assert.equal(rewritten.match(/<\/script>/g)?.length, 1);
    assert.deepEqual(Object.keys(importMapOf(rewritten).imports), ['</script><script>alert(1)//']);
  });
});
