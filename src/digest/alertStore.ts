// Alert rules kept in memory: the console's store, and the shape the SQL store follows. Ids are
// short and per store (a1, a2, …) so they can be typed back in /alert remove.
import type { AlertRule, AlertStore } from '../core/ports.ts';

export function memoryAlertStore(clock: () => Date = () => new Date()): AlertStore {
  const rules = new Map<string, AlertRule>();
  const closeflow = new Set<string>();
  let next = 1;
  return {
    addAlert(channel, { condition, cooldownMs, by }) {
      const rule: AlertRule = {
        id: `a${next++}`, channel, condition, cooldownMs, createdBy: by ?? null, createdAt: clock().toISOString(),
        armed: true, firedAt: null, falseSince: null, fired: 0,
      };
      rules.set(rule.id, rule);
      return { ...rule };
    },
    alerts: (channel) => [...rules.values()].filter((r) => channel === undefined || r.channel === channel).map((r) => ({ ...r })),
    removeAlert(channel, id) {
      const r = rules.get(id);
      if (!r || r.channel !== channel) return false;
      return rules.delete(id);
    },
    saveTrigger(id, state) {
      const r = rules.get(id);
      if (r) rules.set(id, { ...r, ...state, fired: Math.max(r.fired, state.fired) });
    },
    setCloseflow(channel, on) {
      if (on) closeflow.add(channel);
      else closeflow.delete(channel);
    },
    closeflowChannels: () => [...closeflow].sort(),
  };
}
