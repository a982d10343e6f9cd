import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDoctorOptions } from '../../../trainer-server/src/cli/doctor/doctorOptions.js';
import { parseStartOptions, UsageError } from '../../../trainer-server/src/cli/start/startOptions.js';

const refused = (run: () => unknown, message: RegExp) =>
  assert.throws(run, (error: unknown) => error instanceof UsageError && message.test(error.message));

describe('the start and doctor command lines', () => {
  it('read --flag value, --flag=value and the --new-tokens switch', () => {
    assert.deepEqual(
      parseStartOptions(
        ['--port=0', '--pacs', 'http://pacs:8042/dicom-web/', '--classes', 'a, b', '--new-tokens'],
        '/default',
      ),
      {
        dataDir: '/default',
        port: 0,
        pacs: 'http://pacs:8042/dicom-web',
        pacsPort: 0,
        classes: ['a', 'b'],
        newTokens: true,
      },
    );
    assert.equal(parseStartOptions([], '/default').newTokens, false);
    assert.deepEqual(parseDoctorOptions(['--data-dir', '/d', '--pacs=https://p/dw'], '/default'), {
      pacs: 'https://p/dw',
      dataDir: '/d',
    });
  });

  it('refuse an unknown flag, a stray argument or a missing value, naming it', () => {
    refused(() => parseStartOptions(['--prot', '1'], '/d'), /'--prot'[\s\S]*Usage: npm start/);
    refused(() => parseStartOptions(['8787'], '/d'), /'8787'/);
    refused(() => parseStartOptions(['--port'], '/d'), /--port/);
    refused(() => parseStartOptions(['--data-dir='], '/d'), /--data-dir needs a value/);
    refused(() => parseStartOptions(['--port', '70000'], '/d'), /--port must be a port number/);
    refused(() => parseStartOptions(['--classes', 'a,b'], '/d'), /--classes goes with --pacs/);
    refused(() => parseDoctorOptions(['--new-tokens'], '/d'), /'--new-tokens'[\s\S]*Usage: npm run doctor/);
    refused(() => parseDoctorOptions(['--pacs', 'ftp://x'], '/d'), /--pacs must be an http\(s\) URL/);
  });
});
