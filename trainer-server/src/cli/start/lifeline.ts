// `npm start` stops when whoever started it dies. A parent killed with SIGKILL runs no handler that could
// stop us, and nothing tells a process that its parent is gone except that it is handed to another one
// (init or a subreaper): so we watch our parent, and our parent's parent (npm's parent, when npm runs us).
import { readFileSync } from 'node:fs';

const POLL_MS = 250;

/** A child and the parent it had when we started watching. */
interface Link {
  readonly pid: number;
  readonly parent: number;
}

/**
 * Calls `onParentDeath` once, soon after our parent or our grandparent exits (whatever killed it). Linux
 * reparents orphans at once, before anyone reaps the dead parent, so a changed parent pid is the sign.
 * Links to pid 1 are not watched (init does not die); without /proc only our own parent is watched.
 */
export function watchParents(onParentDeath: (why: string) => void): void {
  const links: Link[] = [{ pid: process.pid, parent: process.ppid }];
  const grandparent = parentOf(process.ppid);
  if (grandparent !== undefined) links.push({ pid: process.ppid, parent: grandparent });
  const watched = links.filter((link) => link.parent > 1);
  const timer = setInterval(() => {
    const broken = watched.find((link) => currentParent(link.pid) !== link.parent);
    if (broken === undefined) return;
    clearInterval(timer);
    onParentDeath(`process ${broken.parent}, which started ${broken.pid}, exited`);
  }, POLL_MS);
  timer.unref();
}

function currentParent(pid: number): number | undefined {
  return pid === process.pid ? process.ppid : parentOf(pid);
}

/** The parent pid of `pid` from /proc/<pid>/stat; undefined when it is gone or there is no /proc. */
function parentOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (command) state ppid ...": the command may hold spaces and parentheses, so split after its last ')'.
  const ppid = Number(
    stat
      .slice(stat.lastIndexOf(')') + 1)
      .trim()
      .split(' ')[1],
  );
  return Number.isInteger(ppid) ? ppid : undefined;
}
