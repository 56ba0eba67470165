// Real market data and recorded API responses live read-only in ../shared/data beside the repo.
// Tests read them in place (never copied into the repo) and skip, saying why, where they are absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(import.meta.dirname, '../../../shared/data');
export const hasShared = existsSync(SHARED_DATA);
export const SHARED_REASON = `needs the real data in ${SHARED_DATA} (absent here)`;
export const sharedPath = (...parts: string[]): string => resolve(SHARED_DATA, ...parts);
