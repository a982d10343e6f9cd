// Checks at the store's boundary, so a bad value is refused with its name instead of landing in a row.

const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const MODALITY = /^[A-Z0-9_ ]{1,16}$/;
/** Class names, versions, annotator and project names: printable, no leading or trailing space. */
const NAME = /^[A-Za-z0-9_.@-](?:[A-Za-z0-9 _.@:/+-]{0,126}[A-Za-z0-9_.@-])?$/;

/** A DICOM UID (PS3.5 9.1): digits and dots, at most 64 characters. Nothing else, so no names slip in. */
export function checkUid(field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 64 || !UID.test(value)) {
    throw new RangeError(`${field} must be a DICOM UID (digits and dots, at most 64 characters)`);
  }
  return value;
}

export function checkModality(value: string): string {
  if (typeof value !== 'string' || !MODALITY.test(value)) {
    throw new RangeError('modality must be a DICOM code string (A-Z, 0-9, _ or space; at most 16)');
  }
  return value;
}

export function checkName(field: string, value: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new RangeError(
      `${field} must be 1-128 printable characters (letters, digits, space, _ . @ : / + -)`,
    );
  }
  return value;
}

export function checkText(field: string, value: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new RangeError(`${field} must be a string of at most ${maxLength} characters`);
  }
  return value;
}

export function checkPositiveInteger(field: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${field} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

export function checkFinite(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function checkUnitInterval(field: string, value: number): number {
  if (checkFinite(field, value) < 0 || value > 1) {
    throw new RangeError(`${field} must be in [0, 1], got ${value}`);
  }
  return value;
}

/** Model versions end up as folder names and URL segments (see registry/), so the same rule applies here. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkVersion(field: string, value: string): string {
  if (typeof value !== 'string' || !VERSION.test(value)) {
    throw new RangeError(`${field} must match ${String(VERSION)}`);
  }
  return value;
}

/** A share of the pool in [0, 1]. */
export function checkShare(value: number, field = 'share'): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${field} must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}
