// ensurePackedDist with real `npm pack` on a package folder made here (no registry needed): the hash check,
// what is extracted, and what is left in the cache folder after a success and after a mismatch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensurePackedDist, PackageIntegrityError } from '../../viewer/src/index.js';
import type { PinnedPackage } from '../../viewer/src/index.js';

describe('ensurePackedDist', () => {
  let dir: string;
  let pkg: PinnedPackage;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aift-packed-'));
    const source = join(dir, 'source');
    mkdirSync(join(source, 'dist', 'assets'), { recursive: true });
    writeFileSync(
      join(source, 'package.json'),
      JSON.stringify({ name: 'aift-dist-fixture', version: '1.0.0' }),
    );
    writeFileSync(join(source, 'README.md'), 'outside dist');
    writeFileSync(join(source, 'dist', 'index.html'), '<!doctype html>');
    writeFileSync(join(source, 'dist', 'assets', 'app.js'), 'console.log(1);');
    const packed = JSON.parse(
      execFileSync('npm', ['pack', source, '--json', '--dry-run'], { cwd: dir, encoding: 'utf8' }),
    ) as { integrity: string }[];
    pkg = { spec: source, integrity: packed[0]!.integrity, folder: 'fixture-1.0.0', marker: 'index.html' };
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a tarball whose hash is not the pinned one, leaving the cache folder empty', async () => {
    const cache = join(dir, 'cache-mismatch');
    const wrong = `sha512-${Buffer.alloc(64).toString('base64')}`;
    await assert.rejects(ensurePackedDist(cache, { ...pkg, integrity: wrong }), (error: unknown) => {
      assert.ok(error instanceof PackageIntegrityError);
      assert.equal(error.expected, wrong);
      assert.equal(error.actual, pkg.integrity);
      assert.match(error.message, /does not match the pinned hash/);
      return true;
    });
    assert.deepEqual(readdirSync(cache), []);
  });

  it('extracts only dist/ into place, then finds it there without fetching again', async () => {
    const cache = join(dir, 'cache');
    const log: string[] = [];
    const target = await ensurePackedDist(cache, pkg, { log: (message) => log.push(message) });
    assert.equal(target, join(cache, 'fixture-1.0.0'));
    assert.deepEqual(readdirSync(cache), ['fixture-1.0.0']);
    assert.deepEqual(readdirSync(target).sort(), ['assets', 'index.html']);
    assert.ok(existsSync(join(target, 'assets', 'app.js')));
    assert.ok(log.some((line) => line.includes('matches the pinned')));

    const again: string[] = [];
    assert.equal(await ensurePackedDist(cache, pkg, { log: (message) => again.push(message) }), target);
    assert.deepEqual(again, [`${pkg.spec} dist already in ${target}`]);
  });

  it('replaces a folder that lacks the marker file (not a complete dist)', async () => {
    const cache = join(dir, 'cache-partial');
    mkdirSync(join(cache, 'fixture-1.0.0'), { recursive: true });
    writeFileSync(join(cache, 'fixture-1.0.0', 'stray.js'), '');
    const target = await ensurePackedDist(cache, pkg);
    assert.deepEqual(readdirSync(target).sort(), ['assets', 'index.html']);
  });
});
