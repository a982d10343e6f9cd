import { readFile } from 'node:fs/promises';

/** Where in a data set file the problem is: an array of an .npz archive, or a line of a CSV manifest. */
export type DatasetFormatPlace = { readonly key: string } | { readonly line: number };

/**
 * A data set file that cannot be loaded as it is. The message starts with the file, then the key or the
 * line, so the user can go straight to what to fix.
 */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
  readonly file: string;
  readonly key: string | undefined;
  readonly line: number | undefined;

  constructor(file: string, place: DatasetFormatPlace | undefined, detail: string, options?: ErrorOptions) {
    super(`${file}${placeText(place)}: ${detail}`, options);
    this.file = file;
    this.key = place && 'key' in place ? place.key : undefined;
    this.line = place && 'line' in place ? place.line : undefined;
  }
}

function placeText(place: DatasetFormatPlace | undefined): string {
  if (place === undefined) return '';
  return 'key' in place ? `, key "${place.key}"` : `, line ${place.line}`;
}

/** Reads a data set file, turning "no such file" and the like into a DatasetFormatError naming it. */
export async function readDatasetFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String(cause);
    throw new DatasetFormatError(file, undefined, detail, { cause });
  }
}
