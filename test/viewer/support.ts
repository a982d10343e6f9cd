// What the viewer tests share: a small synthetic study for the PACS, and a tiny express app standing in
// for the trainer where only the gateway's routing is under test (it is a real app on real HTTP). Its
// sign-in check is the trainer's own (authenticate over a real SQLite token store).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import { actorOf, answerErrors, authenticate } from '../../trainer-server/src/http/index.js';
import { openSqliteStore } from '../../trainer-server/src/store/index.js';
import { makePart10, TRANSFER_SYNTAX } from '../trainer-server/imaging/syntheticDicom.js';

export const STUDY = {
  StudyInstanceUID: '2.25.6061',
  PatientName: 'Gateway^Viewer',
  PatientID: 'AIFT-VIEWER-1',
  StudyDescription: 'AIFT gateway study',
  StudyDate: '20250102',
  AccessionNumber: 'ACC6061',
} as const;
export const SERIES_UID = '2.25.6061.1';
const SIZE = 64;

/** Two 64x64 8-bit frames of one series, as Part-10 files by SOP Instance UID. */
export function studyFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const n of [1, 2]) {
    const sopInstanceUid = `${SERIES_UID}.${n}`;
    const pixels = Uint8Array.from({ length: SIZE * SIZE }, (_, i) => ((i % SIZE) * 4 + n * 40) % 256);
    const dataset = {
      ...STUDY,
      SeriesInstanceUID: SERIES_UID,
      SeriesNumber: 1,
      InstanceNumber: n,
      SOPInstanceUID: sopInstanceUid,
      Modality: 'OT',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      Rows: SIZE,
      Columns: SIZE,
    };
    files.set(sopInstanceUid, makePart10(TRANSFER_SYNTAX.explicitLittle, dataset, pixels, 'OB'));
  }
  return files;
}

export interface StandInTrainer {
  readonly app: Express;
  /** The trainer's sign-in check over this stand-in's token store (TrainerServer.requireUser). */
  readonly requireUser: RequestHandler;
  /** An annotator's API token the stand-in accepts (name 'reader'). */
  readonly readerToken: string;
  /** Lets the /api/events streams open now send their second event and end. */
  releaseEvents(): void;
  /** Closes the token store and removes its folder. */
  close(): void;
}

/**
 * Routes under /api like the trainer's: GET /api/health, POST /api/echo (the body back, byte for byte),
 * GET /api/whoami (signed-in only, as the trainer's) and GET /api/events, an event stream that sends one
 * event, then waits for releaseEvents() before the second and the end, so a test can see the first event
 * arrive while the stream is still open.
 */
export function standInTrainer(): StandInTrainer {
  const dir = mkdtempSync(join(tmpdir(), 'aift-stand-in-'));
  const store = openSqliteStore(join(dir, 'aift.sqlite'), { clock: () => new Date() });
  const readerToken = 'stand-in-reader-token-0123456789';
  store.tokens.create(
    { name: 'reader', role: 'annotator', secret: readerToken },
    { name: 'test', role: 'admin' },
  );
  const requireUser = answerErrors(authenticate({ tokens: store.tokens }));
  const waiting = new Set<() => void>();
  const app = express();
  app.get('/api/whoami', requireUser, (req, res) => {
    res.json(actorOf(req));
  });
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', path: '/api/health' });
  });
  app.post('/api/echo', express.raw({ type: () => true, limit: '10mb' }), (req, res) => {
    res.type(req.get('content-type') ?? 'application/octet-stream').send(req.body as Buffer);
  });
  app.get('/api/events', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write('event: first\ndata: 1\n\n');
    waiting.add(() => res.end('event: second\ndata: 2\n\n'));
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not a stand-in trainer route' });
  });
  const releaseEvents = () => {
    for (const end of waiting) end();
    waiting.clear();
  };
  const close = () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, requireUser, readerToken, releaseEvents, close };
}
