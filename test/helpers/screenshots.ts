// Where the browser tests save their screenshots. A test run must not rewrite tracked files, so they go
// to out/screenshots/; `npm run docs:screenshots` sets UPDATE_DOCS=1 to refresh the README's pictures in docs/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url);

export function screenshotPath(name: string): string {
  const dir = new URL(process.env.UPDATE_DOCS === '1' ? 'docs/' : 'out/screenshots/', ROOT);
  mkdirSync(dir, { recursive: true });
  return fileURLToPath(new URL(name, dir));
}
