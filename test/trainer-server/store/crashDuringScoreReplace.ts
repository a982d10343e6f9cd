// Child process for scores.test.ts: starts replacing a model version's scores and is killed (SIGKILL, no
// cleanup of any kind) half-way through the transaction.
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { score } from './support.js';

const [file, version, idsJson] = process.argv.slice(2);
if (!file || !version || !idsJson)
  throw new Error('usage: crashDuringScoreReplace <file> <version> <ids json>');
const ids = JSON.parse(idsJson) as string[];
const store = openSqliteStore(file, { clock: () => new Date('2026-11-25T13:00:00.000Z') });

function* rows() {
  for (const [i, id] of ids.entries()) {
    if (i === Math.floor(ids.length / 2)) process.kill(process.pid, 'SIGKILL');
    yield score(id, -i);
  }
}
store.scores.replaceForVersion(version, rows(), { name: 'scorer', role: 'admin' });
