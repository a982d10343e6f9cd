import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repeatIncludeFields } from '../../viewer/src/includeFields.js';

describe('repeatIncludeFields', () => {
  it('splits a comma list into repeated parameters and keeps the other parameters', () => {
    const rewritten = repeatIncludeFields(
      '/studies?limit=101&includefield=00081030%2C00080060&PatientName=Doe%5EJ*',
    );
    const params = new URL(rewritten, 'http://x').searchParams;
    assert.deepEqual(params.getAll('includefield'), ['00081030', '00080060']);
    assert.equal(params.get('limit'), '101');
    assert.equal(params.get('PatientName'), 'Doe^J*');
    assert.ok(rewritten.startsWith('/studies?'));
  });

  it('leaves every other path byte for byte as it was', () => {
    for (const path of [
      '/studies',
      '/studies/1.2/series/3.4/instances/5.6/frames/1',
      '/studies?PatientName=Doe%5EJ*&includefield=00081030',
      '/studies?includefield=00081030&includefield=00080060',
    ]) {
      assert.equal(repeatIncludeFields(path), path);
    }
  });
});
