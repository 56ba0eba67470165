// /digest: the morning picture (digestPicture.ts) and the channel's subscription to it
// (digestSubscriptions.ts), one command.
import { z } from 'zod';
import type { Command } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { asof as asofArg, num } from './args.ts';
import { buildDigest } from './digestPicture.ts';
import { messages } from '../core/i18n/index.ts';
import { ACTIONS, EXAMPLE_ALERT, EXAMPLE_SUB, manage } from './digestSubscriptions.ts';

const args = z.object({
  action: z
    .enum(ACTIONS, { error: 'expected subscribe, unsubscribe, status or alert' })
    .optional()
    .describe('subscribe | unsubscribe | status | alert (none: the digest now)'),
  value: z.string().max(20).optional().describe('subscribe: a time HH:MM, or closeflow (the 15:00 warning); alert: a score or off'),
  time: z.string().max(10).optional().describe(`subscribe: HH:MM in DIGEST_TZ (default the DIGEST_CRON time)`),
  // `score>=80` reaches the parser as key "score>" (its first "=" splits it).
  'score>': num.optional().describe('alert: post once a day when the stress score reaches this (0-100)'),
  asof: asofArg,
});

export const digest: Command<typeof args> = {
  name: 'digest',
  summary: 'The morning picture: every stress headline in one answer and what changed since the previous session; subscribe a channel to it.',
  args,
  positional: ['action', 'value'],
  personal: (a) => a.action !== undefined,
  examples: ['/digest', EXAMPLE_SUB, '/digest subscribe closeflow', EXAMPLE_ALERT, '/digest status', '/digest unsubscribe', '/digest asof=2025-04-07'],
  explains: [
    'Stress: /kospi-stress score 0-100 and regime; ETF flow: /gamma at move=1 (leveraged/inverse ETF rebalancing per 1 % KOSPI move).',
    'VKOSPI / VIX: /vol-ratio over 1y; KOSPI–NDX corr: /corr 60d; Theta: /theta for a 30-day ATM call at today’s IV; AI basket: /ai-basket 1m relative move.',
    'Since <date>: the same numbers recomputed as of the previous KRX session, and the change (score points, pp for percentages).',
    'Subscribed channels get it on KRX trading days at DIGEST_CRON in DIGEST_TZ (08:30 Seoul by default), or at their own time=.',
    'Alert: once a day per channel, checked every 15 minutes during KRX hours, when the stress score is at or above the threshold.',
  ],
  async run(a, ctx) {
    if (a.action) return manage(a, a.action, ctx);
    if (a.value !== undefined || a.time !== undefined || a['score>'] !== undefined) {
      throw new UsageError(messages(ctx.locale).digest.err.stray);
    }
    return buildDigest(ctx, a.asof);
  },
};
