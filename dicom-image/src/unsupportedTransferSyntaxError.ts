/**
 * The file's pixel data is in a transfer syntax this reader does not decode: an encapsulated (compressed)
 * one, or the retired big-endian one. The caller should fetch the PACS's rendered frame instead.
 */
export class UnsupportedTransferSyntaxError extends Error {
  override readonly name = 'UnsupportedTransferSyntaxError';
  readonly transferSyntaxUid: string;
  /** True for compressed pixel data (JPEG, JPEG 2000, RLE, ...), false for Explicit VR Big Endian. */
  readonly encapsulated: boolean;

  constructor(transferSyntaxUid: string, encapsulated: boolean) {
    const kind = encapsulated ? 'encapsulated (compressed)' : 'big-endian';
    super(
      `transfer syntax ${transferSyntaxUid} is ${kind}; only Implicit/Explicit VR Little Endian and ` +
        'Deflated Explicit VR Little Endian are read here: fetch the rendered frame instead',
    );
    this.transferSyntaxUid = transferSyntaxUid;
    this.encapsulated = encapsulated;
  }
}
