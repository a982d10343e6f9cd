/** A base model could not be loaded: a file, a layer or an output is missing or malformed. */
export class BaseModelError extends Error {
  override readonly name = 'BaseModelError';

  constructor(
    message: string,
    /** The file (or directory) the problem was found in. */
    readonly file: string,
  ) {
    super(message);
  }
}
