// Typed failures the HTTP layer maps to status codes (404, 409, 403, 500). Bad input is a RangeError or
// TypeError naming the field (400).

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly what: string,
    readonly key: string | number,
  ) {
    super(`${what} ${String(key)} does not exist`);
  }
}

/** The request contradicts what is stored: a reused idempotency key, a second running job, a taken name. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** The database file cannot be used by this version of the server. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
