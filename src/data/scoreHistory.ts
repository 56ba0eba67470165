// /kospi-stress's score history per set of series: every asof= on the same series objects (until the data
// layer refreshes them) is an index into one history. A market that has the history already (the DEMO
// market's precomputed files, demo/precomputed.ts) offers it for its own KOSPI points; it is taken only
// for exactly the series it was computed from, else computed here.
import type { Point, Series } from '../core/types.ts';
import { DEFAULT_STRESS_OPTIONS, stressScoreHistory, type StressHistory } from '../analytics/stress.ts';

type Others = readonly (readonly Point[] | null)[];
// Keyed weakly on KOSPI's points, checked against the others.
const histories = new WeakMap<readonly Point[], { others: Others; history: StressHistory }>();
const offers = new WeakMap<readonly Point[], (others: Others) => StressHistory | undefined>();

/**
 * A history computed elsewhere for these KOSPI points: `load(others)` gives it when the other series
 * ([NDX, VIX, VKOSPI or null] points) are the ones it was computed from, else undefined.
 */
export function offerScoreHistory(kospi: readonly Point[], load: (others: Others) => StressHistory | undefined): void {
  offers.set(kospi, load);
}

/** The score history (DEFAULT_STRESS_OPTIONS) of these series, computed once per set of series objects. */
export function scoreHistoryOf(kospiS: Series, ndxS: Series, vixS: Series, vkospiS: Series | null): StressHistory {
  const others: Others = [ndxS.points, vixS.points, vkospiS?.points ?? null];
  const hit = histories.get(kospiS.points);
  if (hit && hit.others.every((o, i) => o === others[i])) return hit.history;
  const history =
    offers.get(kospiS.points)?.(others) ??
    stressScoreHistory({ kospi: kospiS.points, ndx: ndxS.points, vix: vixS.points, vkospi: vkospiS?.points ?? null }, DEFAULT_STRESS_OPTIONS);
  histories.set(kospiS.points, { others, history });
  return history;
}
