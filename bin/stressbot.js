#!/usr/bin/env node
// The package's bin runs the compiled CLI (dist/), building it first when it is missing or older than src/.
import { buildIfStale } from '../scripts/build.mjs';

try {
  buildIfStale();
} catch (err) {
  process.stderr.write(`${err instanceof Error && !('status' in err) ? err.message : 'build failed (see the TypeScript errors above)'}\n`);
  process.exit(1);
}
await import('../dist/cli.js');
