import { describe, expect, it } from 'vitest';
import { mentionLine, slackLine, slashCommands, startSlack } from '../../../src/bot/slack/index.ts';
import { createBotCore } from '../../../src/infra/process.ts';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { testConfig } from '../../../src/config.ts';
import type { MarketData } from '../../../src/core/types.ts';

describe('mentionLine', () => {
  it('takes the words after the bot mention as a command line', () => {
    expect(mentionLine('<@UBOT> gamma move=2', 'UBOT')).toBe('/gamma move=2');
    expect(mentionLine('<@UBOT|stressbot>   /corr window=60', 'UBOT')).toBe('/corr window=60');
    expect(mentionLine('hey <@UBOT> theta iv=40 <@UBOT>', 'UBOT')).toBe('/theta iv=40');
    expect(mentionLine('<@UBOT>', 'UBOT')).toBe('/help');
    // Slack escapes <, > and & in message text; a value like "a&b" reaches the router as typed.
    expect(mentionLine('<@UBOT> stress-help x&amp;y', 'UBOT')).toBe('/stress-help x&y');
    // Without the bot's id (not known yet): a leading mention is dropped.
    expect(mentionLine('<@UOTHER> digest')).toBe('/digest');
  });
});

describe('slackLine', () => {
  it('turns Slack\'s own words into the core\'s line: the /stress umbrella and /stress-help', () => {
    expect(slackLine('/stress gamma move=2')).toBe('gamma move=2');
    expect(slackLine('stressbot corr')).toBe('corr');
    expect(slackLine('/stress-help corr')).toBe('/help corr');
    expect(slackLine('/stress /stress-help')).toBe('/help');
    expect(slackLine('/stress')).toBe('');
    expect(slackLine('/stressful')).toBe('/stressful');
    expect(slackLine('/gamma')).toBe('/gamma');
  });
});

describe('slashCommands', () => {
  it('maps help to /stress-help and adds the /stress umbrella', () => {
    expect(slashCommands([{ name: 'help' }, { name: 'gamma' }])).toEqual(['/stress-help', '/gamma', '/stress']);
  });
});

describe('startSlack', () => {
  const market: MarketData = { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null };
  const render = async () => Buffer.alloc(0);
  it('refuses to start without a bot token, or over HTTP without a signing secret', async () => {
    const http = createHttpServer(silentLogger);
    const noToken = createBotCore({ config: testConfig(), log: silentLogger, market, render });
    await expect(startSlack(noToken, http)).rejects.toThrow('SLACK_BOT_TOKEN is not set');
    const noSecret = createBotCore({ config: { ...testConfig(), SLACK_BOT_TOKEN: 'xoxb-x' }, log: silentLogger, market, render });
    await expect(startSlack(noSecret, http)).rejects.toThrow(/SLACK_SIGNING_SECRET is required/);
  });
});
