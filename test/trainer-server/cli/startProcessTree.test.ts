// `npm start` as a user or a process manager runs it (npm -> bash scripts/start.sh -> node, which runs
// Orthanc): whatever ends it, a signal to npm, the death of npm or of npm's parent, or SIGKILL to the node
// process, nothing of its process tree is left running and its ports are closed. Each run is put in a process
// group of its own, which everything it starts inherits, so the group is the tree. Needs the build (npx tsc -b).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { membersOf, startUntilReady } from './startRun.js';
import type { StartRun } from './startRun.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const START = join(REPOSITORY, 'trainer-server/dist/cli/start.js');
const GONE_TIMEOUT_MS = 30_000;

interface Tree {
  readonly run: StartRun;
  /** The process group: the pid of what the test spawned. */
  readonly group: number;
  readonly viewerPort: number;
  readonly orthanc: { readonly pid: number; readonly port: number };
}

async function refusesConnections(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

async function untilGone(tree: Tree): Promise<void> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  while (membersOf(tree.group).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const left = membersOf(tree.group).map((m) => m.args);
  assert.deepEqual(left, [], `still running ${GONE_TIMEOUT_MS} ms later:\n${tree.run.output()}`);
  assert.ok(await refusesConnections(tree.viewerPort), 'the viewer/trainer port still answers');
  assert.ok(await refusesConnections(tree.orthanc.port), "Orthanc's port still answers");
}

describe('npm start stops its whole process tree', () => {
  let dataDir = '';
  const trees: Tree[] = [];

  before(() => {
    assert.ok(existsSync(START), `${START} is missing: build first with npx tsc -b`);
    dataDir = mkdtempSync(join(tmpdir(), 'aift-start-tree-'));
  });
  // After each test, so that what a failed one left cannot hold the data folder's Orthanc for the next.
  afterEach(() => {
    for (const { group } of trees.splice(0)) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // the group is empty: nothing was left
      }
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The README's command, in a new process group; `wrapped` runs it under a shell, as its parent. */
  async function npmStart(wrapped = false): Promise<Tree> {
    const npm = ['npm', 'start', '--', '--port', '0', '--data-dir', dataDir];
    // `; exit $?` keeps sh from replacing itself with npm, so that sh stays npm's parent.
    const [command, ...args] = wrapped ? ['sh', '-c', `${npm.join(' ')}; exit $?`] : npm;
    const run = await startUntilReady(command!, args, { cwd: REPOSITORY, detached: true });
    const group = run.child.pid!;
    const viewer = /Viewer \(OHIF with the AIFT labeling mode\): http:\/\/127\.0\.0\.1:(\d+)\//.exec(
      run.output(),
    );
    const orthanc = /Orthanc \(pid (\d+)\) at http:\/\/127\.0\.0\.1:(\d+)/.exec(run.output());
    assert.ok(viewer && orthanc, run.output());
    const tree: Tree = {
      run,
      group,
      viewerPort: Number(viewer[1]),
      orthanc: { pid: Number(orthanc[1]), port: Number(orthanc[2]) },
    };
    trees.push(tree);
    const orthancProcess = membersOf(group).find((m) => m.pid === tree.orthanc.pid);
    assert.match(orthancProcess?.args ?? '', /Orthanc/, 'Orthanc runs in the process group of the run');
    assert.equal((await fetch(`http://127.0.0.1:${tree.viewerPort}/api/health`)).status, 200);
    return tree;
  }

  /** The node process running start.js: the child of npm (pid `npm`) in the group. */
  function startProcessOf(tree: Tree, npm: number): number {
    const child = membersOf(tree.group).find((m) => m.ppid === npm);
    assert.ok(child, `no child of npm (${npm}) in the group`);
    assert.match(
      child.args,
      /dist\/cli\/start\.js/,
      "npm's child is the start process itself, no shell between",
    );
    return child.pid;
  }

  /** The start process logged that it saw its parent or grandparent exit, and stopped in order. */
  function stoppedForParent(tree: Tree): void {
    assert.match(tree.run.output(), /which started \d+, exited: stopping[\s\S]*\[start\] stopped/);
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to npm stops the trainer and Orthanc, and npm exits after them`, async () => {
      const tree = await npmStart();
      startProcessOf(tree, tree.group);
      process.kill(tree.group, signal);
      await tree.run.exited;
      assert.match(tree.run.output(), new RegExp(`${signal}: stopping[\\s\\S]*\\[start\\] stopped`));
      await untilGone(tree);
    });
  }

  it('SIGKILL to npm: the start process sees its parent die and stops everything', async () => {
    const tree = await npmStart();
    process.kill(tree.group, 'SIGKILL');
    await untilGone(tree);
    stoppedForParent(tree);
  });

  it("SIGKILL to npm's parent: everything stops", async () => {
    const tree = await npmStart(true);
    const npm = membersOf(tree.group).find((m) => m.ppid === tree.group);
    assert.match(npm?.args ?? '', /npm/, 'npm runs under the shell');
    startProcessOf(tree, npm!.pid);
    process.kill(tree.group, 'SIGKILL');
    await untilGone(tree);
    stoppedForParent(tree);
  });

  it('SIGKILL to the start process itself: Orthanc goes with it, and npm exits', async () => {
    const tree = await npmStart();
    process.kill(startProcessOf(tree, tree.group), 'SIGKILL');
    await untilGone(tree);
  });
});
