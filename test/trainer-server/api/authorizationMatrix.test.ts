// The authorization matrix (issue 8): one real trainer server that accepts API tokens and OIDC JWTs, every
// operation of its own OpenAPI document (read at run time, so a new route is covered, or fails the policy
// table), and every kind of credential. Invalid credentials get 401 and a role too small 403 on every
// non-public route, and nothing a refused request sends changes what is stored; allowed roles get past
// authorization. Also: an annotator's view of the API holds no other annotator's labels or name.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { z } from 'zod';
import { ProgressSchema, TrainingStatusSchema } from '../../../trainer-server/src/api/schemas/index.js';
import type { Actor, Store } from '../../../trainer-server/src/store/index.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { oidcAuth, startIdentityProvider } from '../http/support.js';
import { classOf, discStudy, idOf } from '../services/support.js';
import { credentialsFor } from './authorizationCredentials.js';
import type { Credential } from './authorizationCredentials.js';
import { expectedOutcome, POLICY, UNDOCUMENTED } from './authorizationPolicy.js';
import type { Access, OperationKey } from './authorizationPolicy.js';
import { sampleRequest, send } from './authorizationRequests.js';
import type { Targets } from './authorizationRequests.js';
import { labelValueLeaks } from './labelLeaks.js';
import { call, listenToEvents, startServer, waitForIdleTraining } from './support.js';
import type { ServerOptions } from './support.js';

const FRAMES = 8;
/** The other frames stay in the PACS, so a POST /api/pool that got through would register them. */
const REGISTERED = 6;
const SETUP: Actor = { name: 'setup', role: 'admin' };
/** The other annotator; every note and idempotency key of theirs carries the name too. */
const OTHER = 'bob-canary';

const OpenApiDoc = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.object({ description: z.string() }))),
});

/** Everything a refused request could change. */
const stored = (store: Store) => ({
  candidates: store.candidates.count(),
  labels: store.exports.allLabels(),
  consensus: store.consensus.counts(),
  needingAdjudication: store.consensus.needingAdjudication(),
  models: store.models.list().map((m) => m.version),
  latest: store.models.latest(),
  jobs: store.jobs.list('default'),
  leases: store.leases.active(),
  audit: store.audit.list().length,
});

const secretOf = (credential: Credential): string =>
  credential.headers['Authorization']!.slice('Bearer '.length);

/** An admin token that a second deployment, on its own data folder, issued and accepts. */
async function tokenOfAnotherDeployment(orthanc: RunningOrthanc): Promise<string> {
  const other = await startServer(orthanc);
  try {
    const secret = other.token('root', 'admin');
    const whoami = await call(other.url, 'GET', '/api/whoami', { token: secret });
    assert.equal(whoami.status, 200, 'the token works where it was issued');
    return secret;
  } finally {
    await other.stop();
  }
}

describe('the authorization matrix', () => {
  let orthanc: RunningOrthanc;
  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(FRAMES));
  });
  after(async () => {
    await orthanc?.stop();
  });

  /** A server with the pool registered, stopped after the test; an admin and two annotators, one `OTHER`. */
  const projectOfThree = async (t: TestContext, options: ServerOptions) => {
    const s = await startServer(orthanc, options);
    t.after(() => s.stop());
    const [admin, ana, bob] = [
      s.token('root', 'admin'),
      s.token('ana', 'annotator'),
      s.token(OTHER, 'annotator'),
    ];
    assert.equal((await call(s.url, 'POST', '/api/pool', { token: admin, body: {} })).status, 200);
    return { s, admin, ana, bob };
  };

  it('answers every operation for every credential as the policy table says', async (t) => {
    const idp = await startIdentityProvider(t);
    const foreignToken = await tokenOfAnotherDeployment(orthanc);
    const s = await startServer(orthanc, { auth: oidcAuth(idp)['auth'] as Record<string, unknown> });
    t.after(() => s.stop());
    const store = s.server.store;
    const credentials = await credentialsFor({
      idp,
      token: (name, role) => s.token(name, role),
      revoke: (name) => store.tokens.revoke(name, SETUP),
      foreignToken,
    });
    const credential = (name: string) => credentials.find((c) => c.name === name)!;

    // A pool with a published model (cold start), so the worklist has items and model files exist.
    const setup = s.token('setup', 'admin');
    const pool = await call(s.url, 'POST', '/api/pool', { token: setup, body: { limit: REGISTERED } });
    assert.equal(pool.status, 200);
    assert.equal((await call(s.url, 'POST', '/api/training/cold-start', { token: setup })).status, 202);
    await waitForIdleTraining(s.url, setup);
    const registered = Array.from({ length: FRAMES }, (_, i) => idOf(i)).filter((id) =>
      store.candidates.get(id),
    );
    assert.equal(registered.length, REGISTERED);
    const [agreed, disputed, othersOnly, othersOnly2, unlabeled] = registered as [
      string,
      string,
      string,
      string,
      string,
      ...string[],
    ];

    // The annotator `ana` and the other annotator label; they disagree on `disputed`.
    const ana = secretOf(credential('annotator API token'));
    const events = listenToEvents(s.url, ana);
    t.after(() => events.stop());
    const bob = s.token(OTHER, 'annotator');
    const label = async (token: string, candidateId: string, value: string, key: string, note?: string) => {
      const body = { candidateId, value, idempotencyKey: key, ...(note === undefined ? {} : { note }) };
      const reply = await call(s.url, 'POST', '/api/labels', { token, body });
      assert.equal(reply.status, 201, reply.text);
      return (reply.json as { id: number }).id;
    };
    await label(ana, agreed, 'bright', 'ana-1');
    await label(ana, disputed, 'bright', 'ana-2');
    const othersValues = new Map([
      [disputed, 'dark'],
      [othersOnly, 'dark'],
      [othersOnly2, 'bright'],
    ]);
    const othersLabelIds: number[] = [];
    for (const [candidateId, value] of othersValues) {
      const n = othersLabelIds.length;
      othersLabelIds.push(await label(bob, candidateId, value, `${OTHER}-key-${n}`, `${OTHER}-note-${n}`));
    }
    const targets: Targets = {
      othersLabelId: othersLabelIds[1]!,
      disputedCandidate: disputed,
      unlabeledCandidate: unlabeled,
      version: store.models.latest()!.version,
    };

    const doc = (await call(s.url, 'GET', '/api/openapi.json', { token: setup })).as(OpenApiDoc);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, { description }]) => ({
        key: `${method.toUpperCase()} ${path}`,
        description,
      })),
    );
    const operations: readonly OperationKey[] = [...documented.map((d) => d.key), ...UNDOCUMENTED];
    const accessOf = (operation: OperationKey): Access => {
      const access = POLICY[operation];
      assert.ok(access, `${operation} is missing from the policy table`);
      return access;
    };

    await t.test('the policy table names every documented operation, with the role it documents', () => {
      const tabled = Object.keys(POLICY).filter((key) => !UNDOCUMENTED.includes(key));
      assert.deepEqual(documented.map((d) => d.key).sort(), tabled.sort());
      for (const { key, description } of documented) {
        assert.equal(description, `Role: ${accessOf(key)}.`, key);
      }
    });

    await t.test(
      "an annotator's view of every GET holds no other annotator's label, before adjudication",
      async () => {
        assert.equal(store.consensus.of(disputed).needsAdjudication, true);
        const gets = operations.filter((operation) => operation.startsWith('GET '));
        for (const viewer of [credential('annotator API token'), credential('JWT annotator')]) {
          for (const operation of gets) {
            const reply = await send(s.url, sampleRequest(operation, targets, 'allowed'), viewer.headers);
            const shown = `${viewer.name}: ${operation} -> ${reply.status}`;
            assert.ok(reply.status < 500, shown);
            assert.ok(!reply.text.includes(OTHER), `${shown} names ${OTHER} or shows their note or key`);
            if (reply.text.startsWith('{') || reply.text.startsWith('[')) {
              assert.deepEqual(labelValueLeaks(JSON.parse(reply.text), othersValues), [], shown);
            }
          }
        }
        const streamed = JSON.stringify(events.events);
        assert.ok(!streamed.includes(OTHER), 'the event stream names the other annotator');
        assert.deepEqual(labelValueLeaks(events.events, othersValues), []);
        // Retracting the other's label is refused without showing its value, note or annotator.
        const refused = await call(s.url, 'DELETE', `/api/labels/${targets.othersLabelId}`, { token: ana });
        assert.equal(refused.status, 403);
        assert.match(refused.message, /not yours/);
        assert.doesNotMatch(refused.message, new RegExp(`dark|note|key|${OTHER}`));
      },
    );

    await t.test(
      'under blind review (the default) only an admin sees the agreement between annotators',
      async () => {
        const progressOf = async (viewer: Credential) =>
          (await call(s.url, 'GET', '/api/progress', { token: secretOf(viewer) })).as(ProgressSchema);
        assert.equal((await progressOf(credential('annotator API token'))).agreementRate, null);
        assert.equal(
          (await progressOf(credential('admin API token'))).agreementRate,
          0,
          'they disagree on their one shared case',
        );
      },
    );

    const before = stored(store);
    for (const { name, standing, headers } of credentials) {
      await t.test(`${name}: refused where the policy says`, async () => {
        for (const operation of operations) {
          const outcome = expectedOutcome(accessOf(operation), standing);
          if (outcome === 'allowed') continue;
          const reply = await send(s.url, sampleRequest(operation, targets, 'refused'), headers);
          const shown = `${name}: ${operation} -> ${reply.status} ${reply.text.slice(0, 200)}`;
          assert.equal(reply.status, outcome, shown);
          assert.equal(typeof (JSON.parse(reply.text) as { message?: unknown }).message, 'string', shown);
          if (outcome === 401) assert.match(reply.challenge ?? '', /^Bearer/, shown);
        }
      });
    }
    await t.test('nothing a refused request sent changed what is stored', () => {
      assert.deepEqual(stored(store), before);
    });

    for (const { name, standing, headers } of credentials) {
      await t.test(`${name}: let through where the policy says`, async () => {
        for (const operation of operations) {
          const access = accessOf(operation);
          if (expectedOutcome(access, standing) !== 'allowed') continue;
          const reply = await send(s.url, sampleRequest(operation, targets, 'allowed'), headers);
          const shown = `${name}: ${operation} -> ${reply.status} ${reply.text.slice(0, 200)}`;
          if (access === 'public') assert.equal(reply.status, 200, shown);
          else assert.ok(![401, 403].includes(reply.status) && reply.status < 500, shown);
        }
      });
    }
  });

  it("names no other annotator as the starter of a job that annotator's label started", async (t) => {
    const { s, admin, ana, bob } = await projectOfThree(t, {
      training: { trigger: 'every', consensusLabels: 3 },
    });
    const streams = { ana: listenToEvents(s.url, ana), bob: listenToEvents(s.url, bob) };
    t.after(() => Promise.all([streams.ana.stop(), streams.bob.stop()]));
    await Promise.all([streams.ana.opened, streams.bob.opened]);
    for (const i of [0, 1, 2]) {
      const body = { candidateId: idOf(i), value: classOf(i), idempotencyKey: `k-${i}` };
      assert.equal((await call(s.url, 'POST', '/api/labels', { token: bob, body })).status, 201);
    }
    await waitForIdleTraining(s.url, admin);
    // The event stream carries the same job: ana's copy must not name its starter either.
    const startersIn = (events: typeof streams.ana.events) =>
      events
        .filter((e) => e.event === 'training.progress')
        .map((e) => (e.data as { job: { startedBy: string } }).job.startedBy);
    assert.ok(startersIn(streams.ana.events).length > 0, 'ana saw no training.progress event');
    assert.deepEqual(new Set(startersIn(streams.ana.events)), new Set(['another user']));
    assert.ok(!JSON.stringify(streams.ana.events).includes(OTHER), `ana's event stream names ${OTHER}`);
    assert.deepEqual(new Set(startersIn(streams.bob.events)), new Set([OTHER]));
    const seenBy = async (token: string) => {
      const reply = await call(s.url, 'GET', '/api/training', { token });
      return { text: reply.text, startedBy: reply.as(TrainingStatusSchema).job?.startedBy };
    };
    const ofAna = await seenBy(ana);
    assert.equal(ofAna.startedBy, 'another user');
    assert.ok(!ofAna.text.includes(OTHER), `GET /api/training names ${OTHER}`);
    assert.equal((await seenBy(bob)).startedBy, OTHER, 'the annotator who started it sees their name');
    assert.equal((await seenBy(admin)).startedBy, OTHER, 'an admin sees who started it');
  });

  it('shows annotators the agreement between annotators when project.blindReview is off', async (t) => {
    const { s, admin, ana, bob } = await projectOfThree(t, { project: { blindReview: false } });
    const votes: [string, number, string][] = [
      [ana, 0, 'bright'],
      [bob, 0, 'bright'],
      [ana, 1, 'bright'],
      [bob, 1, 'dark'],
    ];
    for (const [token, i, value] of votes) {
      const body = { candidateId: idOf(i), value, idempotencyKey: `k-${i}` };
      assert.equal((await call(s.url, 'POST', '/api/labels', { token, body })).status, 201);
    }
    for (const token of [ana, admin]) {
      const progress = (await call(s.url, 'GET', '/api/progress', { token })).as(ProgressSchema);
      assert.equal(progress.agreementRate, 0.5);
    }
  });
});
