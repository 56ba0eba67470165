// `npm run drills [-- name …]`: fault drills against the bot as `npm start` runs it, on loopback,
// with local fakes. Each prints tried / handled / lost and PASS or FAIL; exit 1 when any fails.
import { concurrentSlash, signedBodies, sigtermSlowSlack } from './front.ts';
import { line, type DrillResult } from './harness.ts';
import { secretEcho } from './secrets.ts';
import { redisKilled } from './redis.ts';
import { badStoreAtStart, lockedStore, lostResponse, sigkillMidPost } from './store.ts';

export const DRILLS: Record<string, () => Promise<DrillResult>> = {
  'locked-store': () => lockedStore(),
  'sigterm-slow-slack': () => sigtermSlowSlack(),
  'lost-response': () => lostResponse(),
  'sigkill-mid-post': () => sigkillMidPost(),
  'bad-store-at-start': () => badStoreAtStart(),
  'signed-null-body': () => signedBodies(),
  'redis-killed': () => redisKilled(),
  'secret-echo': () => secretEcho(),
  'concurrent-500': () => concurrentSlash(),
};

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(DRILLS);
let failed = 0;
for (const name of names) {
  const drill = DRILLS[name];
  if (!drill) {
    process.stderr.write(`unknown drill "${name}"; drills: ${Object.keys(DRILLS).join(', ')}\n`);
    process.exit(2);
  }
  const started = Date.now();
  try {
    const r = await drill();
    if (!r.pass) failed++;
    process.stdout.write(`${line(r)}  [${((Date.now() - started) / 1000).toFixed(1)} s]\n`);
  } catch (err) {
    failed++;
    process.stdout.write(`FAIL  ${name.padEnd(28)} could not run: ${(err as Error).message.split('\n')[0]}\n`);
  }
}
process.exit(failed ? 1 : 0);
