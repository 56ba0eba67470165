// The platform-neutral bot: one instance per process, shared by every adapter.
import type { ChartSpec, Command, Context, MarketData, Pace, Report } from './types.ts';
import type { Config } from '../config.ts';
import type { ActionIds, Dedupe, DigestAccess, Logger, RateLimiter, Workspace } from './ports.ts';
import { prepare, type AnswerOptions, type Outcome, type Prepared } from './router.ts';
import { RateLimitError } from './errors.ts';
import { movedOnNote, type ActionRef, type SessionCalendar } from './actions.ts';
import { DEFAULT_CHART } from './presentation.ts';
import { parseLocale, resolveLocale, type Locale } from './i18n/locale.ts';
import { limit, yieldToIo } from './pace.ts';

export interface Asker {
  /** platform:user id — rate limits apply per asker; none for the console and CLI. */
  user?: string;
  /** platform:channel id. */
  channel?: string;
  /** The Slack workspace (and org) or Discord server the channel is in: recorded with what a command sets up there. */
  workspace?: Workspace;
  /** The platform's locales for this ask, most specific first (Discord `locale`, `guild_locale`; Slack's user locale). */
  locales?: readonly (string | null | undefined)[];
  /** How this asker's computed answers wait their turn (`Context.pace`): an adapter that answers on the request. */
  pace?: Pace;
}

export interface RenderedChart {
  title: string;
  png: Buffer;
  width: number;
  height: number;
}

export type RenderFn = (spec: ChartSpec) => Promise<Buffer>;

export interface Core {
  readonly config: Config;
  readonly log: Logger;
  readonly market: MarketData;
  readonly limiter: RateLimiter;
  /** The one command list every adapter reads (help, Discord registration, Slack manifest, playground). */
  readonly commands: readonly Command[];
  /** Digest subscriptions, handed to commands as `ctx.digest`. */
  readonly digest?: DigestAccess;
  /** Where follow-up lines too long for a platform's component id wait (shared across replicas with Redis). */
  readonly actionIds: ActionIds;
  ask(line: string, who?: Asker): Promise<Outcome>;
  /**
   * A clicked follow-up: its line asked like a typed one (same parser, rate limit, audit), and a note
   * on the answer when its data has moved on since the answer the action hung under.
   */
  act(ref: ActionRef, who?: Asker): Promise<Outcome>;
  /**
   * False when this delivery was answered already (a platform's retry or replay): the adapter then
   * acknowledges and answers nothing. `delivery` is the platform's own id, namespaced by the adapter:
   * `slack:event:Ev1`, `slack:trigger:…`, `discord:interaction:…`.
   */
  firstDelivery(delivery: string): Promise<boolean>;
  /** Parse once, and either say why not at once (usage, to the asker) or run when the adapter is ready. */
  prepare(line: string, who?: Asker): Prepared;
  /** PNGs of a report's charts; a chart that fails to render is logged and left out, never fatal. */
  charts(report: Report): Promise<RenderedChart[]>;
  /**
   * Counts `reply` as in flight until it settles: an adapter's whole reply (anchor, answer, charts,
   * updates), so SIGTERM waits for the last platform call, not just the computation.
   */
  track<T>(reply: Promise<T>): Promise<T>;
  /**
   * Runs an adapter's reply (after its ack) in a bounded queue, tracked like `track`. A burst of
   * commands then cannot flood the event loop with reply work ahead of the next requests' acks.
   */
  reply<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A clicked follow-up's reply (after its ack), in a queue of its own that runs few at once: clicks
   * come in bursts on one busy answer, and a dozen replies interleaving on the event loop would hold
   * the next click's ack behind their callbacks (`npm run bench:actions`).
   */
  replyToClick<T>(work: () => Promise<T>): Promise<T>;
  /** Commands and replies still in flight (SIGTERM waits for them). */
  inFlight(): number;
}

export interface CoreOptions {
  config: Config;
  log: Logger;
  market: MarketData;
  render: RenderFn;
  limiter: RateLimiter;
  /** Which deliveries were answered (memory in one process, Redis across replicas: src/infra/dedupe.ts). */
  dedupe: Dedupe;
  /** Follow-up lines behind short ids (memory in one process, Redis across replicas: src/infra/actionIds.ts). */
  actionIds: ActionIds;
  commands: readonly Command[];
  now?: () => Date;
  observe?: AnswerOptions['observe'];
  digest?: DigestAccess;
  /** The KRX calendar for the follow-ups' session stepping; without it answers offer no ◀ ▶. */
  calendar?: SessionCalendar;
  /**
   * Replies running at once (default 8); the rest wait their turn, already acknowledged. Not 16:
   * interleaved Web API callbacks delayed the next requests' acks. Not 2: a reply includes its data
   * fetch, and a slow upstream would hold everyone behind two askers. 2 and 8 measured the same burst
   * Slack ack p99 (34–50 ms, `npx tsx bench/process.ts`) once /api/ask was paced.
   */
  replyConcurrency?: number;
  /** Click replies running at once (default 2), apart from the command replies. */
  clickConcurrency?: number;
}

export function createCore(opts: CoreOptions): Core {
  const { limiter, commands } = opts;
  const now = opts.now ?? (() => new Date());
  let running = 0;
  /**
   * The channel's /stress-settings language, as last read: a line is prepared at once (a usage error
   * goes straight back), before the store can answer; run() reads the store and re-prepares when it differs.
   */
  const channelLangs = new Map<string, Locale | null>();
  const remember = (channel: string, lang: Locale | null) => {
    channelLangs.delete(channel);
    channelLangs.set(channel, lang);
    // Oldest first in a Map: a bounded memory of the channels seen lately (core has no LRU library).
    if (channelLangs.size > 10_000) channelLangs.delete(channelLangs.keys().next().value!);
  };
  async function channelLocale(channel: string): Promise<Locale | undefined> {
    try {
      const lang = parseLocale(await opts.digest!.store.setting(channel, 'lang')) ?? null;
      remember(channel, lang);
      return lang ?? undefined;
    } catch (err) {
      opts.log.warn({ err, channel }, 'channel settings unavailable: answering in the last known language');
      return channelLangs.get(channel) ?? undefined;
    }
  }
  const prepareIn = (line: string, who: Asker, channelLang: Locale | undefined): Prepared => {
    const { locales, ...where } = who;
    const ctx: Context = {
      market: opts.market, now: now(), config: opts.config, log: opts.log, commands, ...where,
      ...(opts.digest ? { digest: opts.digest } : {}),
      locale: resolveLocale({ channel: channelLang, ...(locales ? { platform: locales } : {}), fallback: opts.config.BOT_LOCALE }),
    };
    return prepare(line, ctx, {
      commands,
      observe: opts.observe,
      followUps: opts.calendar ? { calendar: opts.calendar } : {},
      rateLimit: async (_ctx, command) => {
        // Help is free: a newcomer reading how to ask must never be locked out by reading.
        if (!who.user || command.name === 'help') return;
        const r = await limiter.take(who.user);
        if (!r.ok) throw new RateLimitError(r.retryAfterSec);
      },
    });
  };
  const prepareAsk = (line: string, who: Asker = {}): Prepared => {
    const channel = who.channel && opts.digest ? who.channel : undefined;
    const known = channel ? (channelLangs.get(channel) ?? undefined) : undefined;
    const p = prepareIn(line, who, known);
    if (p.kind === 'usage') return p;
    return {
      ...p,
      async run() {
        running++;
        try {
          const lang = channel ? await channelLocale(channel) : known;
          const q = lang === known ? p : prepareIn(line, who, lang);
          return q.kind === 'usage' ? q.outcome : await q.run();
        } finally {
          running--;
        }
      },
    };
  };
  let replying = 0;
  const replies = limit(opts.replyConcurrency ?? 8);
  const clicks = limit(opts.clickConcurrency ?? 2);
  const track = <T>(reply: Promise<T>): Promise<T> => {
    replying++;
    const done = () => void replying--;
    reply.then(done, done);
    return reply;
  };
  return {
    config: opts.config,
    log: opts.log,
    market: opts.market,
    limiter,
    commands,
    actionIds: opts.actionIds,
    ...(opts.digest ? { digest: opts.digest } : {}),
    inFlight: () => running + replying,
    track,
    reply: (work) => track(replies(async () => (await yieldToIo(), work()))),
    replyToClick: (work) => track(clicks(async () => (await yieldToIo(), work()))),
    prepare: prepareAsk,
    async firstDelivery(delivery) {
      const first = await opts.dedupe.first(delivery);
      if (!first) opts.log.info({ delivery }, 'redelivery ignored: answered already');
      return first;
    },
    async ask(line, who = {}) {
      const p = prepareAsk(line, who);
      return p.kind === 'usage' ? p.outcome : p.run();
    },
    async act(ref, who = {}) {
      const p = prepareAsk(ref.line, who);
      const outcome = p.kind === 'usage' ? p.outcome : await p.run();
      if (outcome.kind !== 'answer') return outcome;
      const note = /\basof=/.test(ref.line) ? undefined : movedOnNote(ref, outcome.report.sources[0]?.asOf, outcome.report.locale);
      return note ? { ...outcome, report: { ...outcome.report, notes: [note, ...outcome.report.notes] } } : outcome;
    },
    async charts(report) {
      running++; // a reply is in flight until its charts exist too (SIGTERM waits for them)
      try {
        // All at once: a render pool with several workers draws them side by side.
        const pngs = await Promise.all(
          report.charts.map((spec) =>
            opts.render(spec).catch((err: unknown) => void opts.log.error({ err, chart: spec.title }, 'chart render failed')),
          ),
        );
        return report.charts.flatMap((spec, i) => {
          const png = pngs[i];
          return png ? [{ title: spec.title, png, width: spec.width ?? DEFAULT_CHART.width, height: spec.height ?? DEFAULT_CHART.height }] : [];
        });
      } finally {
        running--;
      }
    },
  };
}

