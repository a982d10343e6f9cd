// The `dist/` folder of an npm package, fetched once into a cache folder with `npm pack`, checked against a
// pinned hash, and renamed into place in one step: a fetch that stops half-way leaves nothing behind that a
// later call would mistake for a complete dist.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface PinnedPackage {
  /** What `npm pack` gets: `name@version` (or a local folder). */
  readonly spec: string;
  /** The tarball's hash as npm's `dist.integrity` writes it: `sha512-<base64>`. */
  readonly integrity: string;
  /** The dist's folder name inside the cache folder. */
  readonly folder: string;
  /** A file every complete dist has: its presence means the dist is there. */
  readonly marker: string;
}

export class PackageIntegrityError extends Error {
  constructor(
    readonly spec: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `npm pack ${spec} does not match the pinned hash (expected ${expected}, got ${actual}); ` +
        'nothing was extracted',
    );
    this.name = 'PackageIntegrityError';
  }
}

export interface EnsureDistOptions {
  /** Told what happens (download, check, extraction), for a CLI to print. */
  readonly log?: (message: string) => void;
}

/** Returns `<cacheDir>/<folder>`, the package's extracted `dist/`, fetching it first when it is not there. */
export async function ensurePackedDist(
  cacheDir: string,
  pkg: PinnedPackage,
  options: EnsureDistOptions = {},
): Promise<string> {
  const log = options.log ?? (() => undefined);
  const target = join(cacheDir, pkg.folder);
  const isComplete = () => existsSync(join(target, pkg.marker));
  if (isComplete()) {
    log(`${pkg.spec} dist already in ${target}`);
    return target;
  }
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, `.${pkg.folder}-`));
  try {
    log(`fetching ${pkg.spec} with npm pack`);
    const tarball = await npmPack(pkg.spec, work);
    const actual = await sha512Integrity(tarball);
    if (actual !== pkg.integrity) throw new PackageIntegrityError(pkg.spec, pkg.integrity, actual);
    log(`the tarball matches the pinned ${pkg.integrity.slice(0, 20)}…`);
    await promisify(execFile)('tar', ['-xzf', tarball, '-C', work, 'package/dist']);
    const extracted = join(work, 'package', 'dist');
    if (!existsSync(join(extracted, pkg.marker))) throw new Error(`${pkg.spec} has no dist/${pkg.marker}`);
    // A folder without the marker was not put there by this function (its rename is all or nothing).
    if (existsSync(target)) await rm(target, { recursive: true, force: true });
    try {
      await rename(extracted, target);
    } catch (error) {
      // Another process may have finished the same fetch first: its complete dist is as good as ours.
      if (!isComplete()) throw error;
    }
    log(`extracted the dist into ${target}`);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `npm pack` into `dir`; returns the tarball's path. npm's own cache and registry settings apply. */
async function npmPack(spec: string, dir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', dir],
    { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
  );
  const packed = JSON.parse(stdout) as readonly { filename?: unknown }[];
  const filename = packed[0]?.filename;
  if (typeof filename !== 'string')
    throw new Error(`npm pack printed no tarball name: ${stdout.slice(0, 200)}`);
  return join(dir, filename);
}

/** The file's hash in the `sha512-<base64>` form of npm's `dist.integrity`. */
async function sha512Integrity(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}
