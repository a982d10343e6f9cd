import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  checkModelVersion,
  ModelIntegrityError,
  readVerifiedModel,
} from '../../../trainer-server/src/registry/modelIntegrity.js';
import { identityDuringRead, VerifiedDigests } from '../../../trainer-server/src/registry/verifiedDigests.js';
import { MODEL_CARD_FILE, MODEL_FILE } from '../../../trainer-server/src/registry/writeModelVersion.js';

const root = mkdtempSync(join(tmpdir(), 'aift-digests-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Whole seconds, set with utimes: a value the file system stores and gives back exactly. */
const PUBLISHED_AT = 1_700_000_000;
const published = Uint8Array.from({ length: 4096 }, (_, k) => k % 251);
/** Other bytes of the same length, as a corruption that keeps the size leaves them. */
const other = Uint8Array.from(published, (b) => b ^ 0xff);
const sha256 = createHash('sha256').update(published).digest('hex');
const modelFile = (version: string) => join(root, 'versions', version, MODEL_FILE);

/** A version folder holding `published` and a card naming it, with a known mtime. */
function publish(version: string): string {
  const file = modelFile(version);
  mkdirSync(join(root, 'versions', version), { recursive: true });
  writeFileSync(file, published);
  writeFileSync(join(root, 'versions', version, MODEL_CARD_FILE), JSON.stringify({ version }));
  utimesSync(file, PUBLISHED_AT, PUBLISHED_AT);
  return file;
}

/** Overwrites the file's bytes in place: the same inode, and the same size when `bytes` has it. */
function overwriteInPlace(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
}

/** A fresh version, read once through `digests`, so that they vouch for its file as it is now. */
async function verified(version: string, digests: VerifiedDigests): Promise<string> {
  const file = publish(version);
  assert.deepEqual(new Uint8Array(await readVerifiedModel(root, version, sha256, digests)), published);
  return file;
}

async function assertRefused(version: string, digests: VerifiedDigests, problem: RegExp): Promise<void> {
  await assert.rejects(readVerifiedModel(root, version, sha256, digests), (error: unknown) => {
    assert.ok(error instanceof ModelIntegrityError);
    assert.equal(error.version, version);
    assert.match(error.problem, problem);
    return true;
  });
}

const HASHES_WRONG = /^model\.onnx \(\d+ bytes\) hashes to [0-9a-f]{64}, not to its registered sha256/;

describe('VerifiedDigests with readVerifiedModel', () => {
  it('does not hash a file again while its device, inode, size and mtime stay those it was verified with', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('unchanged', digests);
    const { ino } = statSync(file);
    // Different bytes of the same size, written into the same inode, with the mtime put back by hand:
    // exactly the file the cache accepts without hashing (as it would bit rot under the file system).
    // That these bytes come back instead of an integrity error proves the second read did not hash.
    overwriteInPlace(file, other);
    utimesSync(file, PUBLISHED_AT, PUBLISHED_AT);
    assert.equal(statSync(file).ino, ino);
    assert.deepEqual(new Uint8Array(await readVerifiedModel(root, 'unchanged', sha256, digests)), other);
    // Without the cache the same bytes are hashed and refused.
    await assertRefused('unchanged', new VerifiedDigests(), HASHES_WRONG);
  });

  it('hashes again, and refuses, a file whose size changed', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('longer', digests);
    appendFileSync(file, Uint8Array.of(0));
    utimesSync(file, PUBLISHED_AT, PUBLISHED_AT);
    await assertRefused('longer', digests, HASHES_WRONG);
  });

  it('hashes again, and refuses, a file written in place (a new mtime)', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('written', digests);
    overwriteInPlace(file, other);
    assert.notEqual(statSync(file).mtimeMs, PUBLISHED_AT * 1000);
    await assertRefused('written', digests, HASHES_WRONG);
  });

  it('hashes again, and refuses, a file replaced by another of the same size and mtime (a new inode)', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('replaced', digests);
    const { ino } = statSync(file);
    const copy = `${file}.copy`;
    writeFileSync(copy, other);
    utimesSync(copy, PUBLISHED_AT, PUBLISHED_AT);
    renameSync(copy, file);
    assert.notEqual(statSync(file).ino, ino);
    await assertRefused('replaced', digests, HASHES_WRONG);
  });

  it('forgets a file that failed: restored to the same identity with the damage kept, it is still refused', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('forgotten', digests);
    overwriteInPlace(file, other);
    await assertRefused('forgotten', digests, HASHES_WRONG);
    utimesSync(file, PUBLISHED_AT, PUBLISHED_AT);
    await assertRefused('forgotten', digests, HASHES_WRONG);
  });

  it('vouches only for the sha256 it verified', async () => {
    const digests = new VerifiedDigests();
    await verified('registered', digests);
    const otherSha = createHash('sha256').update(other).digest('hex');
    await assert.rejects(readVerifiedModel(root, 'registered', otherSha, digests), ModelIntegrityError);
  });

  it('gives no identity to a read the file was written during', () => {
    const file = publish('during');
    const before = statSync(file, { bigint: true });
    overwriteInPlace(file, other);
    assert.equal(identityDuringRead(before, statSync(file, { bigint: true })), undefined);
    const now = statSync(file, { bigint: true });
    assert.deepEqual(identityDuringRead(now, statSync(file, { bigint: true })), {
      dev: now.dev,
      ino: now.ino,
      size: now.size,
      mtimeNs: now.mtimeNs,
    });
  });
});

describe('checkModelVersion with VerifiedDigests', () => {
  it('only fstats a model.onnx the digests vouch for', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('listed', digests);
    overwriteInPlace(file, other);
    utimesSync(file, PUBLISHED_AT, PUBLISHED_AT);
    // The accepted case above: vouched for, so not read, so not found out.
    assert.equal(await checkModelVersion(root, 'listed', sha256, digests), undefined);
    assert.match((await checkModelVersion(root, 'listed', sha256))?.problem ?? '', HASHES_WRONG);
  });

  it('names a missing file without its folder', async () => {
    const digests = new VerifiedDigests();
    const file = await verified('missing', digests);
    rmSync(file);
    const problem = await checkModelVersion(root, 'missing', sha256, digests);
    assert.ok(problem instanceof ModelIntegrityError);
    assert.match(problem.problem, /^model\.onnx cannot be read \(ENOENT: .*'model\.onnx'\)$/);
    assert.ok(!problem.message.includes(root), problem.message);
  });
});
