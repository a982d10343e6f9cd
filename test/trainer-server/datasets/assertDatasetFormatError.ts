import assert from 'node:assert/strict';
import { DatasetFormatError } from '../../../trainer-server/src/datasets/datasetFormatError.js';
import type { DatasetFormatPlace } from '../../../trainer-server/src/datasets/datasetFormatError.js';

/** Awaits a load that must fail with a DatasetFormatError naming `file` and `place`, its message matching. */
export async function assertDatasetFormatError(
  load: Promise<unknown>,
  file: string,
  place: DatasetFormatPlace | undefined,
  detail: RegExp,
): Promise<void> {
  await assert.rejects(load, (error: unknown) => {
    assert.ok(error instanceof DatasetFormatError, String(error));
    assert.equal(error.file, file);
    const where = place === undefined ? '' : 'key' in place ? `, key "${place.key}"` : `, line ${place.line}`;
    assert.ok(error.message.startsWith(`${file}${where}: `), error.message);
    if (place !== undefined && 'key' in place) assert.equal(error.key, place.key);
    if (place !== undefined && 'line' in place) assert.equal(error.line, place.line);
    assert.match(error.message, detail);
    return true;
  });
}
