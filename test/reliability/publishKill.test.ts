// FAULT: the server process is SIGKILLed at varied moments of a training job: while fine-tuning, while
// exporting and publishing the ONNX model, and while scoring the pool with the new model.
// GUARANTEE: after each restart the job is reported failed ("interrupted"), `latest` and every listed
// version serve model.onnx bytes that hash to the registered sha256 (= ETag = the card's version), no temp
// folder of the interrupted publish is left, a version folder the store never registered is neither
// listed nor served, and a new training run then succeeds.
// How the kills are placed: the training steps are announced on GET /api/events, but the server flushes
// those writes only when its job yields to I/O, and the export-and-write of the publish does not yield, so
// events cannot aim at the publish. The files can: a watcher (inotify) on the registry folder sees the
// publish's temp folder appear, or the version folder renamed into versions/ (before the store registers
// it), and kills at once, while the server is still writing, fsyncing or registering. A kill on the
// 'scoring' event, one at 30 % of a job and one at a random moment cover the other steps.
// How the phase of each kill is known afterwards: the job's progress is committed to SQLite before each
// step (0.75 publish, 0.9 scoring) and survives the kill, so the restarted server's job record tells where
// it died. The test requires at least one kill inside the publish and one inside the scoring (retrying up
// to MAX_KILLS) and prints the tally.
import assert from 'node:assert/strict';
import { readdirSync, rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { TrainingJobSchema } from '../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import type { MainProcess } from '../trainer-server/api/mainProcess.js';
import { call } from '../trainer-server/api/support.js';
import { discStudy } from '../trainer-server/services/support.js';
import {
  assertServedModelsIntact,
  delay,
  fetchModel,
  labelDiscs,
  latestJob,
  latestModel,
  newDataDir,
  registerPool,
  sha256,
  trackedTrainers,
  train,
  watchTrainingSteps,
} from './support.js';
import type { Tokens } from './support.js';

const MAX_KILLS = 10;
const JobReply = z.object({ job: TrainingJobSchema });
const PUBLISH = 0.75;
const SCORING = 0.9;

/**
 * Kill `ms` after: the job's SSE progress event of step `on`, the publish's temp folder or its version
 * folder appearing in the registry, or ('started') the reply to POST /api/training.
 */
interface KillPlan {
  readonly on: 'started' | 'scoring' | 'temp folder' | 'version folder';
  readonly ms: number;
}

type Phase = 'before publish' | 'publish' | 'scoring' | 'finished';

const phaseOf = (progress: number, status: string): Phase =>
  status === 'succeeded'
    ? 'finished'
    : progress >= SCORING
      ? 'scoring'
      : progress >= PUBLISH
        ? 'publish'
        : 'before publish';

describe('a server SIGKILLed while it trains, publishes and scores', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let tokens: Tokens;
  const trainers = trackedTrainers();
  const start = () => trainers.start(dataDir, orthanc.dicomWebRoot);

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    ({ dataDir, tokens } = newDataDir('publish-kill'));
  });
  after(async () => {
    await trainers.killAll();
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** What a restarted server must show after any kill; returns the phase the killed job was in. */
  async function assertRecovered(url: string, killedJob: number): Promise<Phase> {
    const job = await latestJob(url, tokens.admin);
    assert.equal(job?.id, killedJob);
    if (job.status === 'succeeded') return 'finished';
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /interrupted: the server stopped while the job was running/);
    const latest = await latestModel(url, tokens.admin);
    const served = await fetchModel(url, tokens.admin, latest.version);
    assert.equal(sha256(served.bytes), latest.sha256);
    assert.equal(served.etag, `"${latest.sha256}"`);
    assert.equal(latest.modelCard['version'], latest.version);
    const models = join(dataDir, 'models');
    assert.deepEqual(
      readdirSync(models).filter((name) => name !== 'versions'),
      [],
      'a temp folder survived the start-up',
    );
    const listed = new Set(
      (await assertServedModelsIntact(url, tokens.admin)).versions.map((v) => v.version),
    );
    for (const folder of readdirSync(join(models, 'versions')).filter((name) => !listed.has(name))) {
      assert.equal(
        (await fetchModel(url, tokens.admin, folder)).status,
        404,
        `unregistered ${folder} served`,
      );
    }
    return phaseOf(job.progress, job.status);
  }

  /** Starts a job, SIGKILLs the server as `plan` says, and returns the job's id. */
  async function killDuringJob(server: MainProcess, plan: KillPlan): Promise<number> {
    const models = join(dataDir, 'models');
    const seenFiles: string[] = [];
    const watchers = [watch(models), watch(join(models, 'versions'))].map((w) =>
      w.on('change', (_, name) => seenFiles.push(String(name))),
    );
    const steps = await watchTrainingSteps(server.url, tokens.admin);
    const happened = () => {
      if (plan.on === 'temp folder') return seenFiles.some((f) => f.startsWith('.incoming-'));
      if (plan.on === 'version folder') return seenFiles.some((f) => /^v\d+$/.test(f));
      return plan.on === 'started' || steps.steps.includes(plan.on);
    };
    try {
      const reply = await call(server.url, 'POST', '/api/training', { token: tokens.admin });
      assert.equal(reply.status, 202, reply.text);
      for (const end = Date.now() + 60_000; !happened(); await delay(1)) {
        assert.ok(Date.now() < end, `no ${plan.on} within 60 s`);
      }
      if (plan.ms > 0) await delay(plan.ms);
      await server.kill('SIGKILL');
      return reply.as(JobReply).job.id;
    } finally {
      for (const w of watchers) w.close();
      await steps.close();
    }
  }

  it('keeps the served model whole and the job reported through kills in every phase', async () => {
    let server = await start();
    await registerPool(server.url, tokens.admin);
    await labelDiscs(server.url, tokens.annotators[0]!, 0, 16);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded'); // fills the embedding cache
    await server.kill('SIGTERM');
    // A restarted server trains its head from scratch on all labels, so each run below is a full job.
    server = await start();
    const started = Date.now();
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    const jobMs = Date.now() - started;
    await server.kill('SIGTERM');
    server = await start();

    const kills: { plan: string; phase: Phase }[] = [];
    const seen = (phase: Phase) => kills.some((k) => k.phase === phase);
    const plans: KillPlan[] = [
      { on: 'started', ms: Math.round(jobMs * 0.3) },
      { on: 'temp folder', ms: 0 },
      { on: 'version folder', ms: 0 },
      { on: 'scoring', ms: 0 },
      { on: 'temp folder', ms: Math.round(Math.random() * 5) },
      { on: 'started', ms: Math.round(Math.random() * jobMs) },
    ];
    const retry = (): KillPlan => ({ on: seen('publish') ? 'scoring' : 'temp folder', ms: 0 });
    while (
      kills.length < MAX_KILLS &&
      (kills.length < plans.length || !(seen('publish') && seen('scoring')))
    ) {
      const plan = plans[kills.length] ?? retry();
      const jobId = await killDuringJob(server, plan);
      server = await start();
      kills.push({ plan: `${plan.ms} ms after ${plan.on}`, phase: await assertRecovered(server.url, jobId) });
    }
    const tally = (phase: Phase) => kills.filter((k) => k.phase === phase).length;
    console.log(
      `publish kills: job ${jobMs} ms; ${kills.length} kills: ${kills.map((k) => `${k.plan} -> ${k.phase}`).join(', ')}`,
    );
    assert.ok(tally('publish') >= 1, 'no kill landed inside the publish');
    assert.ok(tally('scoring') >= 1, 'no kill landed inside the scoring');

    const before = (await latestModel(server.url, tokens.admin)).version;
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    const after = await latestModel(server.url, tokens.admin);
    assert.notEqual(after.version, before);
    await assertServedModelsIntact(server.url, tokens.admin);
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  });
});
