// What must hold after an annotator load run (runAnnotatorLoad), whatever the interleaving: every
// acknowledged label is stored exactly once, no candidate was leased to two annotators at once, and the
// API's consensus view is what the raw labels say. Each check returns a finding, so the CI test asserts
// them and the benchmark prints them.
import Database from 'better-sqlite3';
import { z } from 'zod';
import {
  ConsensusSchema,
  LabelExportRowSchema,
  NON_CLASS_ANSWERS,
  ProgressSchema,
} from '../../trainer-server/src/api/schemas/index.js';
import type {
  ConsensusDto,
  LabelExportRowDto,
  ProgressDto,
} from '../../trainer-server/src/api/schemas/index.js';
import { call } from '../trainer-server/api/support.js';
import type { AcknowledgedLabel, LeaseEpisode, LoadRun } from './annotatorLoad.js';

export interface Finding {
  readonly check: string;
  readonly ok: boolean;
  /** One line for a report. */
  readonly summary: string;
  /** The first problems found (at most 20). */
  readonly problems: readonly string[];
}

export interface CheckedServer {
  readonly url: string;
  readonly adminToken: string;
  /** The server's SQLite file, opened read-only. */
  readonly sqliteFile: string;
}

const finding = (check: string, problems: readonly string[], summary: string): Finding => ({
  check,
  ok: problems.length === 0,
  summary: `${summary}: ${problems.length === 0 ? 'OK' : `${problems.length} problems`}`,
  problems: problems.slice(0, 20),
});

const count = (n: number) => n.toLocaleString('en');

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Reads what the checks compare against (after the annotators stopped) and runs the three checks. */
export async function checkAnnotatorLoad(run: LoadRun, server: CheckedServer): Promise<Finding[]> {
  const get = async <T>(path: string, schema: z.ZodType<T>) => {
    const reply = await call(server.url, 'GET', path, { token: server.adminToken });
    if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${reply.text}`);
    return reply.as(schema);
  };
  const exported = await get('/api/labels/export?format=json', z.array(LabelExportRowSchema));
  const adjudication = await get('/api/consensus/adjudication', z.array(ConsensusSchema));
  const progress = await get('/api/progress', ProgressSchema);
  const annotators = new Set(run.requests.map((r) => r.annotator));
  return [
    exactlyOnce(
      run.labels,
      exported.filter((row) => annotators.has(row.annotator)),
    ),
    oneHolderAtATime(run.episodes, leasesLeft(server.sqliteFile, annotators)),
    consensusMatches(exported, adjudication, progress),
  ];
}

/**
 * Every acknowledged label stored exactly once: the answers to one idempotency key name one label id and
 * exactly one of them created it (201; the others are 200 replays); that id is one row of the export with
 * the annotator, candidate and value that were sent; the export holds nothing else of these annotators;
 * and no annotator labeled a candidate twice (the worklist never serves back a case its holder labeled).
 */
export function exactlyOnce(
  labels: readonly AcknowledgedLabel[],
  exported: readonly LabelExportRowDto[],
): Finding {
  const problems: string[] = [];
  const byKey = groupBy(labels, (l) => `${l.annotator} ${l.idempotencyKey}`);
  const rowsById = groupBy(exported, (row) => row.labelId);
  for (const [key, acked] of byKey) {
    const ids = new Set(acked.map((l) => l.labelId));
    const created = acked.filter((l) => l.status === 201).length;
    if (ids.size !== 1 || created !== 1) {
      problems.push(`${key}: ${created} created, label ids ${[...ids].join(',')}`);
      continue;
    }
    const { labelId, annotator, candidateId, value } = acked[0]!;
    const rows = rowsById.get(labelId) ?? [];
    const same = rows.filter(
      (r) => r.annotator === annotator && r.candidateId === candidateId && r.value === value,
    );
    if (rows.length !== 1 || same.length !== 1)
      problems.push(`${key}: label ${labelId} is ${rows.length} rows`);
  }
  if (exported.length !== byKey.size) {
    problems.push(
      `the export holds ${exported.length} labels of these annotators, ${byKey.size} were acknowledged`,
    );
  }
  for (const [pair, rows] of groupBy(exported, (row) => `${row.annotator} ${row.candidateId}`)) {
    if (rows.length > 1) problems.push(`${pair} labeled ${rows.length} times`);
  }
  return finding(
    'every acknowledged label stored exactly once',
    problems,
    `${count(labels.length)} acknowledged requests (${count(labels.length - byKey.size)} replays) = ${count(byKey.size)} labels; the export holds ${count(exported.length)}`,
  );
}

/** The leases the server still holds for these annotators, read from its SQLite file (read-only). */
export function leasesLeft(sqliteFile: string, annotators: ReadonlySet<string>): string[] {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string], { candidate_id: string; annotator: string }>(
        'SELECT candidate_id, annotator FROM leases WHERE expires_at > ?',
      )
      .all(new Date().toISOString());
    return rows.filter((r) => annotators.has(r.annotator)).map((r) => `${r.annotator} ${r.candidate_id}`);
  } finally {
    db.close();
  }
}

/**
 * No candidate leased to two annotators at once. The server keeps no history of leases (the leases table
 * holds only the current one per candidate, the audit log records none), so the check works on times the
 * server itself stamped, read off its answers; the clients share its clock (same machine):
 * - an episode starts at the server's grant time (a worklist answer's expiry less the TTL; verified to lie
 *   inside the client's window around that fetch, which also catches a wrong TTL) and ends at the label's
 *   createdAt (the transaction that stores it deletes the lease), or when a release was sent (the server
 *   ended it later), or at the last renewal the server reported. So each episode lies inside the time the
 *   server really had that lease: two episodes of different annotators on one candidate that overlap
 *   (half-open, so a grant in the millisecond of the previous holder's label is no overlap) mean the server
 *   granted a lease that another annotator still held. No false alarm is possible (up to a clock step
 *   during the run); what can slip through is a grant inside the few ms between a release being sent and
 *   done, or inside a millisecond shared with the previous holder's label.
 * - afterwards every annotator has released everything, so the leases table must hold none of theirs.
 */
export function oneHolderAtATime(episodes: readonly LeaseEpisode[], leftover: readonly string[]): Finding {
  const problems: string[] = [];
  for (const e of episodes) {
    const [sent, answered] = e.fetchWindow;
    if (e.grantedAt < sent || e.grantedAt > answered) {
      problems.push(
        `${e.annotator} ${e.candidateId}: granted at ${e.grantedAt}, fetched in [${sent}, ${answered}]`,
      );
    }
    if (e.end.at < e.grantedAt) problems.push(`${e.annotator} ${e.candidateId}: ends before its grant`);
  }
  let overlaps = 0;
  for (const [candidateId, list] of groupBy(episodes, (e) => e.candidateId)) {
    for (const [i, a] of list.entries()) {
      for (const b of list.slice(i + 1)) {
        if (a.annotator === b.annotator) continue;
        if (a.grantedAt < b.end.at && b.grantedAt < a.end.at) {
          overlaps++;
          problems.push(
            `${candidateId}: ${a.annotator} [${a.grantedAt}, ${a.end.at}) ${a.end.how} and ${b.annotator} [${b.grantedAt}, ${b.end.at}) ${b.end.how}`,
          );
        }
      }
    }
  }
  problems.push(...leftover.map((lease) => `still leased after the run: ${lease}`));
  const candidates = new Set(episodes.map((e) => e.candidateId)).size;
  const shared = [...groupBy(episodes, (e) => e.candidateId).values()].filter(
    (list) => new Set(list.map((e) => e.annotator)).size > 1,
  ).length;
  return finding(
    'no candidate leased to two annotators at once',
    problems,
    `${count(episodes.length)} lease episodes on ${count(candidates)} candidates (${count(shared)} leased to several annotators one after another), ${overlaps} overlapping, ${leftover.length} left in the leases table`,
  );
}

interface Recomputed {
  readonly votes: Record<string, number>;
  readonly status: 'unanimous' | 'majority' | 'tie';
  readonly value: string | null;
}

/**
 * The consensus recomputed from the raw export: each annotator's latest unretracted label is their vote,
 * skip and unsure do not vote; one value is unanimous, a single leader with dissent a majority (which still
 * asks for an admin), equal leaders a tie. Written again here rather than calling decideConsensus: the
 * point is to check the server, and its rule in the store's documentation is short enough to restate.
 * (No admin adjudicates during a load run, so adjudications do not enter.)
 */
export function recomputeConsensus(exported: readonly LabelExportRowDto[]): Map<string, Recomputed> {
  const latest = new Map<string, LabelExportRowDto>();
  for (const row of exported) {
    if (row.retractedAt !== null) continue;
    const key = `${row.candidateId} ${row.annotator}`;
    if ((latest.get(key)?.labelId ?? -1) < row.labelId) latest.set(key, row);
  }
  const tallies = new Map<string, Record<string, number>>();
  for (const row of latest.values()) {
    if ((NON_CLASS_ANSWERS as readonly string[]).includes(row.value)) continue;
    const tally = tallies.get(row.candidateId) ?? {};
    tally[row.value] = (tally[row.value] ?? 0) + 1;
    tallies.set(row.candidateId, tally);
  }
  const result = new Map<string, Recomputed>();
  for (const [candidateId, votes] of tallies) {
    const counts = Object.values(votes).sort((a, b) => b - a);
    const top = Object.keys(votes).filter((v) => votes[v] === counts[0]);
    const status = counts.length === 1 ? 'unanimous' : top.length > 1 ? 'tie' : 'majority';
    result.set(candidateId, { votes, status, value: status === 'tie' ? null : top[0]! });
  }
  return result;
}

/**
 * The API's consensus view matches the raw labels: GET /api/consensus/adjudication lists exactly the
 * recomputed majorities and ties, with the same votes, status and value; GET /api/progress counts the same
 * labeled candidates and the same agreement rate (share of candidates with two or more votes that agree).
 */
export function consensusMatches(
  exported: readonly LabelExportRowDto[],
  adjudication: readonly ConsensusDto[],
  progress: Pick<ProgressDto, 'candidates' | 'labeled' | 'inQueue' | 'agreementRate'>,
): Finding {
  const expected = recomputeConsensus(exported);
  const problems: string[] = [];
  const needing = [...expected].filter(([, c]) => c.status !== 'unanimous');
  const listed = new Map(adjudication.map((c) => [c.candidateId, c]));
  for (const [candidateId, want] of needing) {
    const got = listed.get(candidateId);
    const wanted = { ...want, needsAdjudication: true, adjudication: null };
    if (got === undefined) problems.push(`${candidateId} (${want.status}) is not listed for adjudication`);
    else if (JSON.stringify(sortedKeys(got)) !== JSON.stringify(sortedKeys({ candidateId, ...wanted }))) {
      problems.push(
        `${candidateId}: the API says ${JSON.stringify(got)}, the labels ${JSON.stringify(wanted)}`,
      );
    }
  }
  for (const candidateId of listed.keys()) {
    if (!needing.some(([id]) => id === candidateId))
      problems.push(`${candidateId} is listed but needs no admin`);
  }
  const multiply = [...expected.values()].filter(
    (c) => Object.values(c.votes).reduce((a, b) => a + b, 0) >= 2,
  );
  const agreementRate =
    multiply.length === 0
      ? null
      : multiply.filter((c) => Object.keys(c.votes).length === 1).length / multiply.length;
  if (progress.labeled !== expected.size) {
    problems.push(`progress says ${progress.labeled} labeled, the labels ${expected.size}`);
  }
  if (progress.agreementRate !== agreementRate) {
    problems.push(`progress says agreement ${progress.agreementRate}, the labels ${agreementRate}`);
  }
  const ties = needing.filter(([, c]) => c.status === 'tie').length;
  return finding(
    'the consensus view matches the raw labels',
    problems,
    `${count(expected.size)} candidates with votes, ${count(needing.length - ties)} majorities and ${count(ties)} ties to adjudicate, agreement ${agreementRate === null ? 'n/a' : agreementRate.toFixed(3)}`,
  );
}

/** A plain object with its keys (and its votes' keys) in order, to compare two of them as JSON. */
function sortedKeys(value: object): unknown {
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, k === 'votes' ? sortedKeys(v as object) : v]),
  );
}
