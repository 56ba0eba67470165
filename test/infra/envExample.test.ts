// .env.example lists every variable src/config.ts reads, and nothing it does not: a variable added to the
// schema without a line there (or a line left after one is removed) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config.ts';
import { ROOT } from '../helpers/cli.ts';

const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
const listed = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

describe('.env.example', () => {
  it('names every variable of the config schema exactly once, and no other', () => {
    const schema = Object.keys(configSchema.shape).sort();
    expect([...listed].sort()).toEqual(schema);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('as written (every value empty) is a valid configuration: the defaults', () => {
    const env = Object.fromEntries(listed.map((k) => [k, '']));
    const config = loadConfig(env);
    expect(config.DATA_SOURCE).toBe('demo');
    expect(config.PORT).toBe(3000);
  });
});
