import { ConflictError, NotFoundError } from '../errors.js';
import type { JobStatus, JobStore, TrainingJob } from '../ports.js';
import { checkName, checkPositiveInteger, checkText, checkUnitInterval } from '../validate.js';
import type { SqliteContext } from './context.js';

interface JobRow {
  id: number;
  project: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  error: string | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
}

const INTERRUPTED = 'interrupted: the server stopped while the job was running';

export function createJobStore(ctx: SqliteContext): JobStore {
  const { db } = ctx;
  const byId = db.prepare<[number], JobRow>('SELECT * FROM training_jobs WHERE id = ?');
  const runningOf = db.prepare<[string], JobRow>(
    "SELECT * FROM training_jobs WHERE project = ? AND status = 'running'",
  );
  const recent = db.prepare<[string, number], JobRow>(
    'SELECT * FROM training_jobs WHERE project = ? ORDER BY id DESC LIMIT ?',
  );
  const insert = db.prepare<[string, string, string]>(
    "INSERT INTO training_jobs (project, status, progress, started_by, started_at) VALUES (?, 'running', 0, ?, ?)",
  );
  const setProgress = db.prepare<[number, string | null, number]>(
    "UPDATE training_jobs SET progress = ?, message = coalesce(?, message) WHERE id = ? AND status = 'running'",
  );
  const setFinished = db.prepare<[string, string | null, string, number]>(
    "UPDATE training_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'running'",
  );

  const runningJob = (id: number): JobRow => {
    const row = byId.get(id);
    if (!row) throw new NotFoundError('training job', id);
    if (row.status !== 'running')
      throw new ConflictError(`training job ${id} is not running (it ${row.status})`);
    return row;
  };

  return {
    start(project, by) {
      checkName('project', project);
      return ctx.write(() => {
        const running = runningOf.get(project);
        if (running) {
          throw new ConflictError(`project ${project} already has a running training job (${running.id})`);
        }
        const id = Number(insert.run(project, by.name, ctx.now()).lastInsertRowid);
        ctx.audit(by.name, 'job.start', `job:${id}`, { project });
        return toJob(byId.get(id)!);
      });
    },
    progress(jobId, progress, message) {
      checkUnitInterval('progress', progress);
      const text = message === undefined ? null : checkText('message', message, 500);
      return ctx.write(() => {
        runningJob(jobId);
        setProgress.run(progress, text, jobId);
        return toJob(byId.get(jobId)!);
      });
    },
    finish(jobId, outcome, by) {
      const error = outcome.error === undefined ? null : checkText('error', outcome.error, 4000);
      if (outcome.status === 'failed' && error === null) throw new RangeError('a failed job needs an error');
      return ctx.write(() => {
        const row = runningJob(jobId);
        setFinished.run(outcome.status, error, ctx.now(), jobId);
        ctx.audit(by.name, 'job.finish', `job:${jobId}`, {
          project: row.project,
          status: outcome.status,
          error,
        });
        return toJob(byId.get(jobId)!);
      });
    },
    get(jobId) {
      const row = byId.get(jobId);
      return row && toJob(row);
    },
    running(project) {
      const row = runningOf.get(project);
      return row && toJob(row);
    },
    list(project, limit = 50) {
      return recent.all(project, checkPositiveInteger('limit', limit, 1000)).map(toJob);
    },
  };
}

/**
 * Marks every job still `running` as failed: called when the store opens, because a job cannot outlive the
 * process that ran it. Returns the ids it marked.
 */
export function failInterruptedJobs(ctx: SqliteContext): number[] {
  const running = ctx.db.prepare<[], JobRow>("SELECT * FROM training_jobs WHERE status = 'running'");
  const fail = ctx.db.prepare<[string, string, number]>(
    "UPDATE training_jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
  );
  return ctx.write(() =>
    running.all().map((row) => {
      fail.run(INTERRUPTED, ctx.now(), row.id);
      ctx.audit('system', 'job.interrupted', `job:${row.id}`, {
        project: row.project,
        progress: row.progress,
      });
      return row.id;
    }),
  );
}

function toJob(row: JobRow): TrainingJob {
  return {
    id: row.id,
    project: row.project,
    status: row.status,
    progress: row.progress,
    message: row.message,
    error: row.error,
    startedBy: row.started_by,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  };
}
