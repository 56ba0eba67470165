// Vitest global setup: the tests that run the bot as `npm start` does (plain node on dist/) need a current build.
import { buildIfStale } from '../../scripts/build.mjs';

export default function setup(): void {
  buildIfStale();
}
