// APPLICATION_COMMAND_AUTOCOMPLETE: up to 25 choices for the option being typed, within Discord's 3 s.
import type { Core } from '../../core/pipeline.ts';
import { enumValues } from '../../core/schema.ts';

export const MAX_CHOICES = 25;
/** Options answered while typed (registered with `autocomplete: true`). */
export const AUTOCOMPLETE_KEYS = new Set(['asof', 'lookback', 'lev']);
/** Answer with what is known by then: Discord drops a late autocomplete answer. */
const BUDGET_MS = 1500;
const PRESETS: Record<string, string[]> = {
  lookback: ['90d', '6m', '1y', '2y', '3y', '5y'],
  lev: ['2', '-2', '3', '-3', '1.5', '-1'],
};

export interface Choice {
  name: string;
  value: string;
}

/** asof: the latest sessions, then the ten worst KOSPI days in the history (notable stress days). */
async function asofChoices(core: Core): Promise<Choice[]> {
  const { points } = await core.market.series('KOSPI');
  const recent = points.slice(-12).reverse().map((p) => ({ name: `${p.date} (recent session)`, value: p.date }));
  const drops = points
    .slice(1)
    .map((p, i) => ({ date: p.date, ret: p.close / points[i]!.close - 1 }))
    .filter((d) => Number.isFinite(d.ret))
    .sort((a, b) => a.ret - b.ret)
    .slice(0, 10)
    .map((d) => ({ name: `${d.date} (KOSPI ${(d.ret * 100).toFixed(1)}% that day)`, value: d.date }));
  return [...recent, ...drops];
}

export async function autocompleteChoices(core: Core, commandName: string, key: string, typed: string): Promise<Choice[]> {
  const command = core.commands.find((c) => c.name === commandName);
  const schema = command?.args.shape[key];
  if (!command || !schema) return [];
  const all = async (): Promise<Choice[]> => {
    if (key === 'asof') return asofChoices(core);
    const values = enumValues(schema as never) ?? PRESETS[key] ?? [];
    return values.filter((v) => (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(v).success).map((v) => ({ name: v, value: v }));
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Choice[]>((resolve) => (timer = setTimeout(resolve, BUDGET_MS, [])));
  try {
    const choices = await Promise.race([all().catch(() => []), late]);
    const needle = typed.trim().toLowerCase();
    return choices.filter((c) => !needle || c.value.toLowerCase().startsWith(needle) || c.name.toLowerCase().includes(needle)).slice(0, MAX_CHOICES);
  } finally {
    clearTimeout(timer);
  }
}

