// Child process for leases.test.ts: its own connection to the shared file. It waits for the agreed start
// time, then leases as fast as it can, each call as a different annotator so no call renews another's lease.
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';

const [file, name, startAt, calls, batch] = process.argv.slice(2);
if (!file || !name || !startAt || !calls || !batch)
  throw new Error('usage: leaseRace <file> <name> <startAt> <calls> <batch>');
const store = openSqliteStore(file, { clock: () => new Date('2026-11-25T13:00:00.000Z') });
const sleeper = new Int32Array(new SharedArrayBuffer(4));
Atomics.wait(sleeper, 0, 0, Math.max(0, Number(startAt) - Date.now()));

const leased: string[] = [];
const first = Date.now();
for (let i = 0; i < Number(calls); i++) {
  for (const lease of store.leases.leaseNext(`${name}-${i}`, Number(batch), 60_000).leases)
    leased.push(lease.candidateId);
}
const last = Date.now();
store.close();
console.log(JSON.stringify({ leased, first, last }));
