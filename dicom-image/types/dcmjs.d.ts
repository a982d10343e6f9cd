// dcmjs ships no types. This declares the part of its API the server and its tests use.
declare module 'dcmjs' {
  /** One element of a dataset keyed by tag ("00280010"): its VR and values (absent when empty). */
  export interface DicomElement {
    vr: string;
    Value?: unknown[];
  }

  export type DicomDataset = Record<string, DicomElement | undefined>;

  export interface ReadFileOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  /** A Part-10 file: `meta` is group 0002, `dict` the data set. */
  export interface DicomDict {
    meta: DicomDataset;
    dict: DicomDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  export const data: {
    DicomDict: new (meta: DicomDataset) => DicomDict;
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: ReadFileOptions): DicomDict };
    DicomMetaDictionary: {
      /** Keyword-keyed dataset ({ Rows: 2, _vrMap: { PixelData: 'OW' } }) to a tag-keyed one. */
      denaturalizeDataset(dataset: Record<string, unknown>): DicomDataset;
    };
  };

  const dcmjs: { data: typeof data };
  export default dcmjs;
}
