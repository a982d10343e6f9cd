// FAULT: the server process is SIGKILLed while several annotators submit labels at once.
// GUARANTEE: after a restart on the same data folder every label that got a 2xx is stored exactly once
// (same label id, one row for its idempotency key), and re-sending the unacknowledged ones with their
// same keys stores each exactly once too: nothing acknowledged is lost, nothing is doubled.
// How: 4 clients, 2 requests in flight each, label all 24 candidates each (96 labels); the kill fires
// from a response handler once a random share (15-85 %) of them is acknowledged, so requests are in
// flight at that moment. Three kill rounds, then every client re-sends what was never acknowledged.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { LabelSchema } from '../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { call } from '../trainer-server/api/support.js';
import { classOf, discStudy, idOf } from '../trainer-server/services/support.js';
import { exportedLabels, newDataDir, range, trackedTrainers } from './support.js';
import type { Tokens } from './support.js';

const CANDIDATES = 24;
const CLIENTS = 4;
const IN_FLIGHT = 2;
const KILL_ROUNDS = 3;

interface Submission {
  readonly client: number;
  readonly i: number;
  /** The idempotency key, also sent as the note so the export shows which submission a row came from. */
  readonly key: string;
  /** The label id of the 2xx answer; undefined while unacknowledged. */
  ackedId?: number;
}

describe('labels submitted while the server is SIGKILLed', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let tokens: Tokens;
  const trainers = trackedTrainers();
  const start = () => trainers.start(dataDir, orthanc.dicomWebRoot);

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(CANDIDATES));
    ({ dataDir, tokens } = newDataDir('labels-kill', CLIENTS));
  });
  after(async () => {
    await trainers.killAll();
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends every unacknowledged submission, IN_FLIGHT at a time per client, until done or the server dies. */
  async function submitAll(url: string, submissions: Submission[], onAck: () => void) {
    const send = async (s: Submission) => {
      const body = { candidateId: idOf(s.i), value: classOf(s.i), idempotencyKey: s.key, note: s.key };
      const reply = await call(url, 'POST', '/api/labels', { token: tokens.annotators[s.client]!, body });
      assert.ok(reply.status === 200 || reply.status === 201, `${s.key}: ${reply.status} ${reply.text}`);
      s.ackedId = reply.as(LabelSchema).id;
      onAck();
    };
    const lane = async (queue: Submission[]) => {
      for (let s = queue.shift(); s; s = queue.shift()) await send(s);
    };
    const clients = range(0, CLIENTS).map((c) => submissions.filter((s) => s.client === c && !s.ackedId));
    // A refused or cut connection ends a lane: the server is gone, the rest stays unacknowledged.
    const lanes = clients.flatMap((queue) => range(0, IN_FLIGHT).map(() => lane(queue).catch(() => {})));
    await Promise.all(lanes);
  }

  /** Every acknowledged submission is in the export exactly once, under its acknowledged id. */
  async function assertAcknowledgedStoredOnce(url: string, submissions: readonly Submission[]) {
    const rows = await exportedLabels(url, tokens.admin);
    for (const s of submissions) {
      const stored = rows.filter((r) => r.annotator === `annotator-${s.client}` && r.note === s.key);
      assert.ok(stored.length <= 1, `${s.key} is stored ${stored.length} times`);
      if (s.ackedId !== undefined) {
        assert.equal(stored.length, 1, `acknowledged ${s.key} was lost`);
        assert.equal(stored[0]!.labelId, s.ackedId);
      }
    }
    return rows;
  }

  it('stores every acknowledged label exactly once across kills, and every retried one once', async () => {
    const submissions: Submission[] = range(0, CLIENTS).flatMap((client) =>
      range(0, CANDIDATES).map((i) => ({ client, i, key: `c${client}-l${i}` })),
    );
    let server = await start();
    assert.equal(
      (await call(server.url, 'POST', '/api/pool', { token: tokens.admin, body: {} })).status,
      200,
    );
    const figures: string[] = [];
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const before = submissions.filter((s) => s.ackedId !== undefined).length;
      const left = submissions.length - before;
      const killAfter = Math.max(1, Math.round(left * (0.15 + 0.7 * Math.random())));
      let acked = 0;
      let killing: Promise<void> | undefined;
      const victim = server;
      await submitAll(victim.url, submissions, () => {
        if (++acked === killAfter) killing = victim.kill('SIGKILL');
      });
      await killing;
      assert.ok(killing, `round ${round}: all labels were acknowledged before the kill`);
      server = await start();
      const rows = await assertAcknowledgedStoredOnce(server.url, submissions);
      const ackedNow = submissions.filter((s) => s.ackedId !== undefined).length;
      figures.push(`kill ${round + 1}: ${ackedNow - before} acknowledged, ${rows.length} stored`);
    }
    // The clients' retries: the same keys, once the server is back.
    await submitAll(server.url, submissions, () => {});
    assert.ok(submissions.every((s) => s.ackedId !== undefined));
    const rows = await assertAcknowledgedStoredOnce(server.url, submissions);
    assert.equal(rows.length, submissions.length);
    console.log(
      `labels under SIGKILL: ${figures.join('; ')}; after retries ${rows.length} of ${rows.length}`,
    );
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  });
});
