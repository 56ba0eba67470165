// The core's follow-ups as Discord message components: buttons and a string select, within Discord's
// caps (5 action rows, 5 buttons a row, custom_id ≤ 100 characters, 25 select options).
import type { ActionRef, FollowUp } from '../../core/actions.ts';
import type { ActionIds } from '../../core/ports.ts';

export type { ActionIds } from '../../core/ports.ts';

export const COMPONENT_LIMITS = { rows: 5, buttonsPerRow: 5, customId: 100, options: 25, label: 80 } as const;
const ACTION_ROW = 1;
const BUTTON = 2;
const STRING_SELECT = 3;
const SECONDARY = 2;

/** `a|<asof>|<line>` when it fits, else `k|<short id>`; the select's options use the same encoding as values. */
async function encode(ref: ActionRef, ids: ActionIds): Promise<string> {
  const inline = `a|${ref.basis ?? ''}|${ref.line}`;
  return inline.length <= COMPONENT_LIMITS.customId ? inline : `k|${await ids.put(ref)}`;
}

/** A custom_id or select value back into a line; undefined for anything stressbot did not make. */
export async function decodeAction(value: string, ids: ActionIds): Promise<ActionRef | undefined> {
  if (value.length > COMPONENT_LIMITS.customId) return undefined;
  const m = /^a\|(\d{4}-\d{2}-\d{2})?\|(\/.+)$/s.exec(value);
  if (m) return m[1] ? { line: m[2]!, basis: m[1] } : { line: m[2]! };
  const k = /^k\|([0-9a-f]{12})$/.exec(value);
  return k ? ids.get(k[1]!) : undefined;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** Action rows for a message: buttons five to a row, then one row per select. */
export async function componentRows(actions: readonly FollowUp[], ids: ActionIds): Promise<Record<string, unknown>[]> {
  const buttons: Record<string, unknown>[] = [];
  const selects: Record<string, unknown>[] = [];
  for (const a of actions) {
    if (a.kind === 'button') {
      // The explanations go to the clicker alone: a prefix the handler reads, in the id itself.
      const id = `${a.audience === 'asker' ? 'e' : ''}${await encode(a, ids)}`;
      buttons.push({ type: BUTTON, style: SECONDARY, label: clip(a.label, COMPONENT_LIMITS.label), custom_id: id.slice(0, COMPONENT_LIMITS.customId) });
    } else {
      const options = await Promise.all(
        a.options.slice(0, COMPONENT_LIMITS.options).map(async (o) => ({ label: clip(o.label, COMPONENT_LIMITS.label), value: await encode(o, ids), default: o.selected })),
      );
      selects.push({ type: ACTION_ROW, components: [{ type: STRING_SELECT, custom_id: `sel|${a.key}`, placeholder: clip(a.placeholder, 150), options }] });
    }
  }
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < buttons.length; i += COMPONENT_LIMITS.buttonsPerRow) rows.push({ type: ACTION_ROW, components: buttons.slice(i, i + COMPONENT_LIMITS.buttonsPerRow) });
  return [...rows, ...selects].slice(0, COMPONENT_LIMITS.rows);
}

/** What a component interaction asks: the line, and whether only the clicker sees the answer. */
export async function clickedAction(customId: string, values: readonly string[] | undefined, ids: ActionIds): Promise<{ ref: ActionRef; asker: boolean } | undefined> {
  if (customId.startsWith('sel|')) {
    const v = values?.[0];
    const ref = v === undefined ? undefined : await decodeAction(v, ids);
    return ref ? { ref, asker: false } : undefined;
  }
  const asker = customId.startsWith('e');
  const ref = await decodeAction(asker ? customId.slice(1) : customId, ids);
  return ref ? { ref, asker } : undefined;
}
