// Vitest global setup: every temporary file the tests make (os.tmpdir(), in the test forks and the children
// they start with the environment passed on) lands in one folder of this run, removed when the run ends;
// before, each `npm test` left 34 folders in /tmp. Open to all, as /tmp is (sticky): a test runs a
// child as `nobody`.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'stressbot-test-'));
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
