// The minute tick for /alert rules (every 15 minutes during KRX hours) and the close-flow warning
// (CLOSEFLOW_TIME on KRX trading days). Both post through the platform posters, each firing once
// through the digest store's post ledger.
import { Cron } from 'croner';
import type { AlertStore } from '../core/ports.ts';
import type { Core } from '../core/pipeline.ts';
import type { Report } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import { zonedTime, SEOUL_TZ } from '../data/calendar.ts';
import { createHttp } from '../data/live/http.ts';
import { fetchYahooIntraday, intradayProvider, type IntradayQuote } from '../data/live/yahooIntraday.ts';
import { checkAlertRules, inKrxSession, type AlertLedger } from './alerts.ts';
import { runCloseFlow } from './closeflow.ts';
import type { DigestPoster, PostJob } from './scheduler.ts';
import type { DigestStore } from './store.ts';
import { parseLocale, type Locale } from '../core/i18n/index.ts';

export interface AlertSchedulerOptions {
  core: Pick<Core, 'market' | 'config' | 'log' | 'commands'>;
  alerts: AlertStore;
  ledger: AlertLedger;
  posters: readonly DigestPoster[];
  /** The store's channel settings, for the language a firing is posted in. */
  settings?: Pick<DigestStore, 'setting'>;
  /** Today's KOSPI200 so far; default: Yahoo's 1m chart in live mode, none otherwise. */
  quote?: (symbol: 'KOSPI200', now: Date) => Promise<IntradayQuote>;
  now?: () => Date;
}

/** The intraday feed for a data mode: Yahoo 1m when live; demo and CSV have none (the warning says so). */
export function defaultQuote(core: AlertSchedulerOptions['core']): (symbol: 'KOSPI200', now: Date) => Promise<IntradayQuote> {
  if (core.config.DATA_SOURCE !== 'live') {
    return async (symbol) => {
      throw new DataError(symbol, core.config.DATA_SOURCE, 'no intraday feed in this data mode (DATA_SOURCE=live has one)');
    };
  }
  const http = createHttp({ timeoutMs: core.config.HTTP_TIMEOUT_MS, log: core.log });
  return intradayProvider((symbol, now) => fetchYahooIntraday(http, core.config.YAHOO_API_URL, symbol, now));
}

export function startAlertScheduler(opts: AlertSchedulerOptions): { stop(): void; tick(at: Date): Promise<void> } {
  const { core, alerts, ledger, posters } = opts;
  const quote = opts.quote ?? defaultQuote(core);
  const post = async (channel: string, report: Report) => {
    const i = channel.indexOf(':');
    const poster = posters.find((p) => p.platform === channel.slice(0, i));
    if (!poster) throw new Error(`no poster for ${channel.slice(0, i)} (is the adapter running?)`);
    // Alert posts are not resumed: one part, never looked for again (uncertain: false), nothing to record.
    const job: PostJob = { id: `alert:${channel}:${Date.now()}`, delivered: {}, uncertain: false, record: async () => {} };
    await poster.post(channel.slice(i + 1), report, job);
  };
  const localeOf = async (channel: string): Promise<Locale | undefined> => {
    try {
      return opts.settings ? parseLocale(await opts.settings.setting(channel, 'lang')) : undefined;
    } catch (err) {
      core.log.warn({ err, channel }, 'channel language unavailable: posting the alert in the default language');
      return undefined;
    }
  };
  const deps = { market: core.market, config: core.config, log: core.log, commands: core.commands, alerts, ledger, post, localeOf };
  async function tick(at: Date): Promise<void> {
    try {
      await runCloseFlow(at, { ...deps, quote });
      if (inKrxSession(at) && zonedTime(at, SEOUL_TZ).minute % 15 === 0) await checkAlertRules(at, deps);
    } catch (err) {
      core.log.error({ err }, 'alert tick failed');
    }
  }
  const job = new Cron('* * * * *', { timezone: SEOUL_TZ, protect: true }, () => tick((opts.now ?? (() => new Date()))()));
  return { stop: () => job.stop(), tick };
}
