// A short run of the fault drills (`npm run drills` runs them in full): the bot as `npm start` runs
// it, SIGTERM with a slow Slack, signed bodies of every JSON type and a secret-echoing upstream.
import { describe, expect, it } from 'vitest';
import { signedBodies, sigtermSlowSlack } from '../../bench/drills/front.ts';
import { secretEcho } from '../../bench/drills/secrets.ts';
import { line } from '../../bench/drills/harness.ts';

describe('fault drills (smoke)', () => {
  it('SIGTERM waits for the replies a slow Slack holds up: 3 of 3 delivered, exit 0', async () => {
    const r = await sigtermSlowSlack({ small: true });
    expect(r.lost, line(r)).toBe(0);
    expect(r.pass, line(r)).toBe(true);
  }, 90_000);

  it('signed bodies of every JSON type are answered or refused; the process stays alive', async () => {
    const r = await signedBodies();
    expect(r.pass, line(r)).toBe(true);
  }, 90_000);

  it('an upstream echoing the key: 0 hits in logs, Slack, Discord, replies and /metrics', async () => {
    const r = await secretEcho({ small: true });
    expect(r.lost, line(r)).toBe(0);
    expect(r.pass, line(r)).toBe(true);
  }, 90_000);
});
