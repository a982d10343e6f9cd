// Runs the benchmarks in bench/ one after another (all, or those whose name starts with an argument):
//   npm run bench                       every bench/*.bench.ts
//   npm run bench -- selectionScoring   just that one
// Each prints its figures and rewrites bench/results/<name>.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(' ')}`);
  process.exit(1);
}
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
