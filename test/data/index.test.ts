import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMarketData } from '../../src/data/index.ts';
import { ConfigError, testConfig } from '../../src/config.ts';

describe('createMarketData', () => {
  it('demo by default', () => {
    expect(createMarketData(testConfig())).toMatchObject({ kind: 'demo', demo: true });
  });

  it('csv over DATA_DIR', async () => {
    const dir = resolve(import.meta.dirname, '../fixtures/csv/market');
    const m = createMarketData(testConfig({ DATA_SOURCE: 'csv', DATA_DIR: dir }));
    expect(m).toMatchObject({ kind: 'csv', demo: false });
    expect((await m.series('KOSPI200')).points.at(-1)).toEqual({ date: '2020-03-20', close: 208.33 });
  });

  it('csv with a missing folder is a ConfigError naming DATA_DIR', () => {
    expect(() => createMarketData(testConfig({ DATA_SOURCE: 'csv', DATA_DIR: '/nonexistent/x' }))).toThrow(ConfigError);
  });

  it('live is the real providers behind the cache', () => {
    const live = createMarketData(testConfig({ DATA_SOURCE: 'live' }));
    expect({ kind: live.kind, demo: live.demo }).toEqual({ kind: 'live', demo: false });
  });
});
