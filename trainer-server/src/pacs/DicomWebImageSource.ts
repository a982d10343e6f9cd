import { dicomFrameToImagePlane } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import { openDicomPart10 } from '@aift/dicom-image';
import type { DicomPart10Image } from '@aift/dicom-image';
import { UnsupportedTransferSyntaxError } from '@aift/dicom-image';
import { resolveDicomWebConfig } from './dicomWebConfig.js';
import type { DicomWebConfig, ResolvedDicomWebConfig } from './dicomWebConfig.js';
import { candidateFrames } from './candidateFrames.js';
import { dicomJsonDatasets, stringValue, TAG } from './dicomJson.js';
import type { DicomJsonDataset } from './dicomJson.js';
import { createDicomWebClient, sendDicomWebRequest } from './dicomWebRequest.js';
import { retryUnreachable } from './retryUnreachable.js';
import type { DicomWebClientApi, PacsReply, RequestOptions } from './dicomWebRequest.js';
import { PacsResponseError } from './pacsErrors.js';
import type {
  Candidate,
  CandidateQuery,
  FetchedFrame,
  FetchFrameOptions,
  FrameRef,
  ImageSource,
} from './ports.js';
import { qidoFilters } from './qidoQueries.js';
import type { QidoParams } from './qidoQueries.js';
import { renderedFramePlane } from './renderedFramePlane.js';

/**
 * ImageSource over DICOMweb (QIDO-RS to list, WADO-RS to fetch) through dicomweb-client, in the way of
 * MONAI Label's DICOMweb datastore. Reads only UIDs and image geometry from the PACS: patient attributes
 * that QIDO-RS returns are never copied into a candidate.
 */
export class DicomWebImageSource implements ImageSource {
  private readonly config: ResolvedDicomWebConfig;
  private readonly qido: DicomWebClientApi;
  private readonly wado: DicomWebClientApi;

  constructor(config: DicomWebConfig) {
    this.config = resolveDicomWebConfig(config);
    this.qido = createDicomWebClient(this.config.qidoUrl, this.config);
    this.wado = createDicomWebClient(this.config.wadoUrl, this.config);
  }

  async listCandidates(query: CandidateQuery = {}): Promise<Candidate[]> {
    const filters = qidoFilters(query);
    const found: Candidate[] = [];
    let skipped = 0;
    for await (const candidate of this.candidates(filters.studies, filters.series, filters.instances)) {
      if (skipped < filters.offset) skipped++;
      else if (found.push(candidate) >= filters.limit) break;
    }
    return found;
  }

  async fetchFrame(frame: FrameRef, options: FetchFrameOptions = {}): Promise<FetchedFrame> {
    if (!Number.isInteger(frame.frame) || frame.frame < 1) {
      throw new RangeError(`frame must be a DICOM frame number (an integer from 1), got ${frame.frame}`);
    }
    if (options.path === 'rendered') {
      return { path: 'rendered', reason: 'requested', plane: await this.renderedPlane(frame) };
    }
    const transferSyntax = this.config.retrieveTransferSyntax;
    const accept =
      transferSyntax === undefined
        ? undefined
        : `multipart/related; type="application/dicom"; transfer-syntax=${transferSyntax}`;
    const { body, url } = await this.send(
      (request) => this.wado.retrieveInstance({ ...uidsOf(frame), request }),
      accept,
    );
    if (!(body instanceof ArrayBuffer)) {
      throw new PacsResponseError(
        url,
        'truncated multipart/related answer: no complete application/dicom part',
      );
    }
    let image: DicomPart10Image;
    try {
      image = openDicomPart10(new Uint8Array(body));
    } catch (error) {
      if (error instanceof UnsupportedTransferSyntaxError) {
        const { transferSyntaxUid } = error;
        const plane = await this.renderedPlane(frame);
        return { path: 'rendered', reason: 'unsupported-transfer-syntax', transferSyntaxUid, plane };
      }
      if (error instanceof TypeError) throw new PacsResponseError(url, error.message);
      throw error;
    }
    // The one conversion: dicom-image indexes the instance's frames from 0, DICOM numbers them from 1.
    const plane = dicomFrameToImagePlane(image.frame(frame.frame - 1));
    return { path: 'instance', transferSyntaxUid: image.transferSyntaxUid, plane };
  }

  /** Every candidate frame, study by study, series by series, instance by instance, read page by page. */
  private async *candidates(
    studies: QidoParams,
    series: QidoParams,
    instances: QidoParams,
  ): AsyncGenerator<Candidate> {
    for await (const study of this.pages((request, page) =>
      this.qido.searchForStudies({ queryParams: { ...studies, ...page }, request }),
    )) {
      const studyInstanceUID = stringValue(study, TAG.StudyInstanceUID);
      if (studyInstanceUID === undefined) continue;
      for await (const oneSeries of this.pages((request, page) =>
        this.qido.searchForSeries({ studyInstanceUID, queryParams: { ...series, ...page }, request }),
      )) {
        const seriesInstanceUID = stringValue(oneSeries, TAG.SeriesInstanceUID);
        const modality = stringValue(oneSeries, TAG.Modality) ?? '';
        if (seriesInstanceUID === undefined) continue;
        for await (const instance of this.pages((request, page) =>
          this.qido.searchForInstances({
            studyInstanceUID,
            seriesInstanceUID,
            queryParams: { ...instances, ...page },
            request,
          }),
        )) {
          yield* candidateFrames(instance, studyInstanceUID, seriesInstanceUID, modality);
        }
      }
    }
  }

  /** The data sets of one QIDO-RS search, asking the PACS for qidoPageSize at a time. */
  private async *pages(
    search: (request: RequestOptions, page: { limit: number; offset: number }) => Promise<unknown>,
  ): AsyncGenerator<DicomJsonDataset> {
    const limit = this.config.qidoPageSize;
    for (let offset = 0; ; offset += limit) {
      const { body, url } = await this.send((request) => search(request, { limit, offset }));
      const datasets = dicomJsonDatasets(body, url);
      yield* datasets;
      // Fewer than asked: the last page. More: the PACS ignored limit and sent everything at once.
      if (datasets.length !== limit) return;
    }
  }

  private async renderedPlane(frame: FrameRef): Promise<ImagePlane> {
    const { body, url } = await this.send((request) =>
      this.wado.retrieveInstanceFramesRendered({
        ...uidsOf(frame),
        frameNumbers: String(frame.frame),
        mediaTypes: [{ mediaType: 'image/png' }],
        request,
      }),
    );
    const png: unknown = Array.isArray(body) ? body[0] : body;
    if (!(png instanceof ArrayBuffer)) throw new PacsResponseError(url, 'the rendered frame has no body');
    try {
      return await renderedFramePlane(new Uint8Array(png));
    } catch (cause) {
      throw new PacsResponseError(
        url,
        `the rendered frame is not a readable PNG: ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  private send(call: (request: RequestOptions) => Promise<unknown>, accept?: string): Promise<PacsReply> {
    // Every request here is a read (QIDO-RS, WADO-RS), so a retry cannot store anything twice.
    return retryUnreachable(() => sendDicomWebRequest(call, this.config.timeoutMs, accept));
  }
}

function uidsOf(frame: FrameRef): {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
} {
  return {
    studyInstanceUID: frame.studyInstanceUid,
    seriesInstanceUID: frame.seriesInstanceUid,
    sopInstanceUID: frame.sopInstanceUid,
  };
}
