import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { buildAppConfig, DATA_SOURCE_NAME } from '../../viewer/src/index.js';
import type { AppConfigOptions } from '../../viewer/src/index.js';

const OPTIONS: AppConfigOptions = {
  extensions: ['@aift/ohif-extension'],
  modes: ['@aift/ohif-mode'],
  dicomWebPath: '/dicom-web',
  aift: { trainerUrl: '/api', executionProviders: ['webgpu', 'wasm'] },
};

/**
 * Runs app-config.js as the browser would and returns what it set as window.config, copied out of the
 * script's realm (whose Object and Array are not this one's, which deepEqual would tell apart).
 */
function evaluate(text: string): Record<string, unknown> {
  const window: { config?: Record<string, unknown> } = {};
  runInNewContext(text, { window });
  assert.ok(window.config, 'app-config.js must set window.config');
  return JSON.parse(JSON.stringify(window.config)) as Record<string, unknown>;
}

describe('buildAppConfig', () => {
  it('lists the plugin module ids and keeps OHIF on the root with its study list', () => {
    const config = evaluate(buildAppConfig(OPTIONS));
    assert.deepEqual(config.extensions, ['@aift/ohif-extension']);
    assert.deepEqual(config.modes, ['@aift/ohif-mode']);
    assert.equal(config.routerBasename, '/');
    assert.equal(config.showStudyList, true);
  });

  it('points the default DICOMweb data source at the same-origin path', () => {
    const config = evaluate(buildAppConfig(OPTIONS));
    assert.equal(config.defaultDataSourceName, DATA_SOURCE_NAME);
    const [source, ...others] = config.dataSources as {
      sourceName: string;
      namespace: string;
      configuration: Record<string, unknown>;
    }[];
    assert.equal(others.length, 0);
    assert.ok(source);
    assert.equal(source.sourceName, DATA_SOURCE_NAME);
    assert.equal(source.namespace, '@ohif/extension-default.dataSourcesModule.dicomweb');
    assert.equal(source.configuration.qidoRoot, '/dicom-web');
    assert.equal(source.configuration.wadoRoot, '/dicom-web');
    assert.equal(source.configuration.wadoUriRoot, '/dicom-web');
    assert.equal(source.configuration.imageRendering, 'wadors');
  });

  it('passes the aift object through as data', () => {
    assert.deepEqual(evaluate(buildAppConfig(OPTIONS)).aift, OPTIONS.aift);
    const withoutAift = {
      extensions: OPTIONS.extensions,
      modes: OPTIONS.modes,
      dicomWebPath: OPTIONS.dicomWebPath,
    };
    assert.deepEqual(evaluate(buildAppConfig(withoutAift)).aift, {});
  });

  it('keeps a hostile config string a string: no </script> in the text, no code run', () => {
    const hostile = `</script><script>window.pwned = true</script>"; window.pwned = true; //\u2028x`;
    const text = buildAppConfig({ ...OPTIONS, aift: { trainerUrl: hostile } });
    assert.doesNotMatch(text, /<\/script/i);
    assert.doesNotMatch(text, /</);
    const window: { config?: { aift?: { trainerUrl?: string } }; pwned?: boolean } = {};
    runInNewContext(text, { window });
    assert.equal(window.config?.aift?.trainerUrl, hostile);
    assert.equal(window.pwned, undefined);
  });

  it('refuses to serve a token: every browser that reaches the gateway reads app-config.js', () => {
    assert.throws(() => buildAppConfig({ ...OPTIONS, aift: { token: 'a-reader-secret' } }), /aift\.token/);
  });
});
