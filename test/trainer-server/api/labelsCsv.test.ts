import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { labelsCsv } from '../../../trainer-server/src/api/labelsCsv.js';
import type { LabelExportRowDto } from '../../../trainer-server/src/api/schemas/index.js';

const row = (labelId: number, note: string | null): LabelExportRowDto => ({
  labelId,
  candidateId: 'c'.repeat(32),
  studyInstanceUid: '2.25.1',
  seriesInstanceUid: '2.25.1.1',
  sopInstanceUid: '2.25.1.1.1',
  frame: 2,
  modality: 'CR',
  annotator: 'alice',
  value: 'normal',
  note,
  createdAt: '2026-01-02T03:04:05.000Z',
  retractedAt: null,
  retractedBy: null,
});

describe('labelsCsv', () => {
  it('writes RFC 4180 with CRLF, quotes what needs it and defuses formulas', () => {
    const notes = [null, 'plain', 'a, "quoted"\r\nline', '=HYPERLINK("x")', '-1', '@sum', '\uFF1D1'];
    const csv = labelsCsv(notes.map((note, i) => row(i + 1, note)));
    const lines = csv.split('\r\n');
    assert.equal(
      lines[0],
      'labelId,candidateId,studyInstanceUid,seriesInstanceUid,sopInstanceUid,frame,modality,annotator,' +
        'value,note,createdAt,retractedAt,retractedBy',
    );
    assert.equal(
      lines[1],
      `1,${'c'.repeat(32)},2.25.1,2.25.1.1,2.25.1.1.1,2,CR,alice,normal,,2026-01-02T03:04:05.000Z,,`,
    );
    assert.ok(csv.endsWith('\r\n'));
    const parsed = parse<Record<string, string>>(csv, { columns: true });
    assert.deepEqual(
      parsed.map((r) => r['note']),
      ['', 'plain', 'a, "quoted"\r\nline', `'=HYPERLINK("x")`, `'-1`, `'@sum`, `'\uFF1D1`],
    );
    assert.deepEqual(
      parsed.map((r) => r['labelId']),
      ['1', '2', '3', '4', '5', '6', '7'],
    );
  });
});
