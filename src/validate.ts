// `stressbot validate`: the stress score of every session of the configured history, and how it does
// against the episodes of the public record, quiet years and forward falls (analytics/scoreValidation).
import type { MarketData } from './core/types.ts';
import { loadStressSeries } from './commands/kospiStress.ts';
import { STRESS_CUTS, stressRegime, stressScoreSeries, type StressRegime } from './analytics/stress.ts';
import { validateScore, type Validation } from './analytics/scoreValidation.ts';

export interface ValidateResult extends Validation {
  source: string;
  elapsedMs: number;
  cuts: typeof STRESS_CUTS;
  scores: { date: string; score: number; regime: StressRegime }[];
}

/** Scores every KOSPI session once (one pass per component), then keeps those on or after `from`. */
export async function validate(market: MarketData, from?: string): Promise<ValidateResult> {
  const started = performance.now();
  const { kospiS, ndxS, vixS, vkospiS } = await loadStressSeries(market);
  const all = stressScoreSeries({ kospi: kospiS.points, ndx: ndxS.points, vix: vixS.points, vkospi: vkospiS?.points ?? null });
  const closeOf = new Map(kospiS.points.map((p) => [p.date, p.close]));
  const scores: ValidateResult['scores'] = [];
  const dates: string[] = [];
  const closes: number[] = [];
  for (let i = 0; i < all.dates.length; i++) {
    const date = all.dates[i]!;
    dates.push(date);
    closes.push(closeOf.get(date)!);
  }
  const keep = dates.map((d, i) => (!from || d >= from) && Number.isFinite(all.scores[i]));
  // the kept dates are one contiguous run (scores start once ranks exist; --from cuts the head)
  const v = validateScore(
    {
      dates: dates.filter((_, i) => keep[i]),
      scores: all.scores.filter((_, i) => keep[i]),
      regimes: [],
      closes: closes.filter((_, i) => keep[i]),
      highCut: STRESS_CUTS.high,
    },
    stressRegime,
  );
  for (let i = 0; i < dates.length; i++) if (keep[i]) scores.push({ date: dates[i]!, score: all.scores[i]!, regime: stressRegime(all.scores[i]!)! });
  return { source: [kospiS, ndxS, vixS, ...(vkospiS ? [vkospiS] : [])].map((s) => `${s.symbol} ${s.source}`).join(' · '), elapsedMs: performance.now() - started, cuts: STRESS_CUTS, ...v, scores };
}

const p1 = (x: number | null): string => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(1));
const share = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');
const r2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : x === Infinity ? '∞' : 'n/a');

/** The summary a person reads, then one `date score regime` line per session. */
export function validateText(v: ValidateResult): string {
  const lines = [
    `stressbot validate: KOSPI stress score, ${v.from} → ${v.to}, ${v.sessions} sessions, ${(v.elapsedMs / 1000).toFixed(1)} s`,
    `Source: ${v.source}`,
    `Cuts: calm < ${v.cuts.elevated} ≤ elevated < ${v.cuts.high} ≤ high < ${v.cuts.extreme} ≤ extreme`,
    `Regime shares: calm ${share(v.shares.calm)} · elevated ${share(v.shares.elevated)} · high ${share(v.shares.high)} · extreme ${share(v.shares.extreme)} (high or worse ${share(v.highOrWorseShare)})`,
    'Episodes (window, source → maximum score):',
    ...v.episodes.map(
      (e) => `  ${e.name} [${e.from} … ${e.to}; ${e.source}]: ${e.sessions ? `max ${p1(e.maxScore)} on ${e.maxDate} (${e.maxRegime})` : 'no sessions in the history'}`,
    ),
    'Quiet years (median score):',
    ...v.quiet.map((q) => `  ${q.name} (${q.why}): ${q.sessions ? `median ${p1(q.medianScore)} (${q.regime})` : 'no sessions in the history'}`),
    `AUROC: inside the episode windows ${r2(v.auroc.crisisWindows)} · forward fall ≥ 10 % within 20 sessions ${r2(v.auroc.forwardDrawdown10pct20d)}`,
    `Noise-to-signal at the high cut (score ≥ ${v.noiseToSignal.cut}): episode windows ${nsr(v.noiseToSignal.crisisWindows)} · forward fall ≥ 10 % within 20 sessions ${nsr(v.noiseToSignal.forwardDrawdown10pct20d)}`,
    '',
    'date score regime',
    ...v.scores.map((s) => `${s.date} ${s.score.toFixed(1)} ${s.regime}`),
  ];
  return lines.join('\n');
}

function nsr(x: { ratio: number; hitRate: number; falseAlarmRate: number }): string {
  return `${r2(x.ratio)} (hits ${share(x.hitRate)}, false alarms ${share(x.falseAlarmRate)})`;
}
