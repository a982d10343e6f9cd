import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ModelCard } from '../engine/modelCard.js';

export const MODEL_FILE = 'model.onnx';
export const MODEL_CARD_FILE = 'model-card.json';

/** Names the hidden temp folder a version is written in before its rename into versions/. */
const INCOMING_PREFIX = '.incoming-';

/** A version name safe as a folder and URL segment: it ends up in both. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface WrittenModelVersion {
  readonly dir: string;
  /** sha256 of the ONNX bytes: the version's strong ETag. */
  readonly sha256: string;
}

/**
 * Publishes one immutable model version as `<root>/versions/<version>/{model.onnx, model-card.json}`.
 * Both files are written and fsynced in a hidden temp folder that is then renamed into place, so a reader
 * sees the whole version or none of it, even after a crash or a full disk. An existing version is never
 * overwritten.
 */
export function writeModelVersion(root: string, onnx: Uint8Array, card: ModelCard): WrittenModelVersion {
  if (!VERSION.test(card.version)) {
    throw new RangeError(`version "${card.version}" must match ${String(VERSION)}`);
  }
  const versions = join(root, 'versions');
  const dir = join(versions, card.version);
  if (existsSync(dir)) throw new Error(`model version ${card.version} already exists in ${versions}`);
  const temp = join(root, `${INCOMING_PREFIX}${card.version}-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(versions, { recursive: true });
    mkdirSync(temp);
    writeDurably(join(temp, MODEL_FILE), onnx);
    writeDurably(join(temp, MODEL_CARD_FILE), new TextEncoder().encode(`${JSON.stringify(card, null, 2)}\n`));
    syncDirectory(temp);
    renameSync(temp, dir);
    syncDirectory(versions);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // The job's stored error is this message: it names the step and the folder, with the system's reason
    // (ENOSPC for a full disk) kept from the original.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot write model version ${card.version} in ${root}: ${reason}`, { cause: error });
  }
  return { dir, sha256: createHash('sha256').update(onnx).digest('hex') };
}

/**
 * Removes the temp folders a writeModelVersion interrupted by a crash left in `root` (never renamed into
 * versions/, so never visible) and returns their names. Call it before any version is written.
 */
export function removeIncomingLeftovers(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const leftovers = names.filter((name) => name.startsWith(INCOMING_PREFIX));
  for (const name of leftovers) rmSync(join(root, name), { recursive: true, force: true });
  return leftovers;
}

function writeDurably(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'wx');
  try {
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
