// When the digest runs: a cron in a time zone, kept only on KRX trading days. Pure functions over
// an explicit starting point (no clock), shared by the scheduler and `next-digests`.
import { Cron } from 'croner';
import type { DigestSchedule } from '../core/ports.ts';
import { addDays, isKrxTradingDay, krxOpenAt, seoulDate, zonedInstant, zonedTime } from '../data/calendar.ts';

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `8:30` / `08:30` → `08:30`; undefined for anything else. */
export function normalizeTime(text: string): string | undefined {
  const m = TIME.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

/**
 * The digest cron with its minute and hour replaced by `time` (HH:MM), so a subscription's own
 * time keeps DIGEST_CRON's day fields (Mon-Fri by default). Without `time`, the cron itself.
 */
export function cronAt(cron: string, time?: string | null): string {
  if (!time) return cron;
  const [h, m] = time.split(':').map(Number) as [number, number];
  const fields = cron.trim().split(/\s+/);
  // 6 fields = croner's optional leading seconds
  const days = fields.length === 6 ? fields.slice(3) : fields.slice(2);
  return [...(fields.length === 6 ? ['0'] : []), String(m), String(h), ...days].join(' ');
}

/** `30 8 * * 1-5` → `08:30`: the cron's fixed time of day, or undefined when it has none. */
export function cronTime(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  const [m, h] = fields.length === 6 ? fields.slice(1, 3) : fields.slice(0, 2);
  if (!/^\d{1,2}$/.test(m ?? '') || !/^\d{1,2}$/.test(h ?? '')) return undefined;
  return normalizeTime(`${h}:${m!.padStart(2, '0')}`);
}

const patternCache = new Map<string, Cron>();
function pattern(cron: string, tz: string): Cron {
  const key = `${tz}|${cron}`;
  let c = patternCache.get(key);
  if (!c) {
    c = new Cron(cron, { timezone: tz, paused: true });
    patternCache.set(key, c);
  }
  return c;
}

/** The KRX session a run at `at` serves: its Seoul date, when KRX trades that day. */
export const krxDateOfRun = (at: Date): string | undefined => {
  const d = seoulDate(at);
  return isKrxTradingDay(d) ? d : undefined;
};

/** The next `count` runs of `cron` in `tz` from the start of `from` (its own runs count), KRX trading days only. */
export function nextDigestRuns(from: string, count: number, cron: string, tz: string): Date[] {
  const job = pattern(cron, tz);
  const out: Date[] = [];
  let after = new Date(zonedInstant(from, '00:00', tz).getTime() - 1);
  let lastHit = after.getTime();
  // A year without a run on a trading day means the cron never meets one (e.g. Sundays only).
  while (out.length < count && after.getTime() - lastHit < 366 * 86_400_000) {
    const batch = job.nextRuns(Math.max(count - out.length, 5), after);
    if (batch.length === 0) break;
    for (const run of batch) {
      if (out.length < count && krxDateOfRun(run)) {
        out.push(run);
        lastHit = run.getTime();
      }
    }
    after = batch.at(-1)!;
  }
  return out;
}

/** The first run of `cron` on the calendar day of `now` in `tz`, or undefined when none falls on it. */
export function firstRunOn(now: Date, cron: string, tz: string): Date | undefined {
  const day = zonedTime(now, tz).date;
  const start = zonedInstant(day, '00:00', tz);
  const [run] = pattern(cron, tz).nextRuns(1, new Date(start.getTime() - 1));
  return run && run.getTime() < zonedInstant(addDays(day, 1), '00:00', tz).getTime() ? run : undefined;
}

/**
 * Until when a run scheduled at `at` may still go out: the KRX open when it was due before the
 * open (a morning digest after the open is news already priced), otherwise one hour after.
 */
export function runDeadline(at: Date, krxDate: string): Date {
  const open = krxOpenAt(krxDate);
  return at.getTime() < open.getTime() ? open : new Date(at.getTime() + 3_600_000);
}

/** `2026-11-27T08:30:00+09:00`: the wall-clock time in `tz` with its UTC offset. */
export function formatWithOffset(date: Date, tz: string): string {
  const z = zonedTime(date, tz);
  const wall = Date.parse(`${z.date}T${z.time}:${String(z.second).padStart(2, '0')}Z`);
  const offsetMin = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${z.date}T${z.time}:${String(z.second).padStart(2, '0')}${sign}${hh}:${mm}`;
}

/** The rules /digest needs to describe a subscription, handed to commands through `ctx.digest`. */
export const digestSchedule: DigestSchedule = { normalizeTime, cronAt, cronTime, nextRuns: nextDigestRuns, formatWithOffset };
