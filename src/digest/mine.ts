// What one person set up: the channels they subscribed to the digest (or gave a score alert) and
// the /alert rules they added, as the App Home lists them. The store keeps who made each row
// (`createdBy`, the asker id `slack:T1:U1`); a home tab opens rarely, so reading the lists whole
// and keeping that person's rows is cheap enough and needs no query of its own.
import type { AlertRule, DigestAccess, Subscription } from '../core/ports.ts';

export interface Mine {
  subscriptions: Subscription[];
  alerts: AlertRule[];
}

export async function setUpBy(access: DigestAccess, user: string): Promise<Mine> {
  const [subscriptions, alerts] = await Promise.all([access.store.list(), access.alerts ? access.alerts.alerts() : []]);
  return {
    subscriptions: subscriptions.filter((s) => s.createdBy === user),
    alerts: alerts.filter((a) => a.createdBy === user),
  };
}
