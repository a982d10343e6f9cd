import type { CandidateQuery } from './ports.js';

export type QidoParams = Readonly<Record<string, string>>;

/** The QIDO-RS filters of each level for a candidate query, checked once. */
export interface QidoFilters {
  readonly studies: QidoParams;
  readonly series: QidoParams;
  readonly instances: QidoParams;
  readonly offset: number;
  /** Infinity when absent. */
  readonly limit: number;
}

const DICOM_DATE = /^\d{8}$/;
/** Instance attributes that make a frame a candidate; QIDO-RS lists them by default, asked anyway. */
const INSTANCE_FIELDS = 'Rows,Columns,NumberOfFrames';

/** Throws a TypeError or RangeError naming the bad field of the query. */
export function qidoFilters(query: CandidateQuery): QidoFilters {
  const studies: Record<string, string> = {};
  const series: Record<string, string> = {};
  if (query.studyInstanceUid !== undefined)
    studies.StudyInstanceUID = uid('studyInstanceUid', query.studyInstanceUid);
  if (query.modality !== undefined) {
    const modality = text('modality', query.modality);
    studies.ModalitiesInStudy = modality;
    series.Modality = modality;
  }
  if (query.studyDate !== undefined) studies.StudyDate = dateRange(query.studyDate);
  if (query.series?.seriesInstanceUid !== undefined) {
    series.SeriesInstanceUID = uid('series.seriesInstanceUid', query.series.seriesInstanceUid);
  }
  if (query.series?.seriesDescription !== undefined) {
    series.SeriesDescription = text('series.seriesDescription', query.series.seriesDescription);
  }
  return {
    studies,
    series,
    instances: { includefield: INSTANCE_FIELDS },
    offset: count('offset', query.offset ?? 0, 0),
    limit: query.limit === undefined ? Infinity : count('limit', query.limit, 1),
  };
}

function dateRange(range: { readonly from?: string; readonly to?: string }): string {
  const from = range.from === undefined ? '' : date('studyDate.from', range.from);
  const to = range.to === undefined ? '' : date('studyDate.to', range.to);
  if (from === '' && to === '') throw new TypeError('studyDate needs from, to or both (YYYYMMDD)');
  if (from !== '' && to !== '' && from > to)
    throw new RangeError(`studyDate.from ${from} is after studyDate.to ${to}`);
  return from === to ? from : `${from}-${to}`;
}

function date(field: string, value: string): string {
  const parsed = new Date(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T00:00:00Z`);
  const valid =
    DICOM_DATE.test(value) &&
    !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().slice(0, 10).replaceAll('-', '') === value;
  if (!valid) throw new RangeError(`${field} must be a date as YYYYMMDD, got ${JSON.stringify(value)}`);
  return value;
}

function uid(field: string, value: string): string {
  if (!/^[0-9]+(\.[0-9]+)*$/.test(value) || value.length > 64) {
    throw new TypeError(`${field} is not a DICOM UID: ${JSON.stringify(value)}`);
  }
  return value;
}

function text(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\\\r\n]/.test(value)) {
    throw new TypeError(`${field} must be a non-empty single value, got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

function count(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${field} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
