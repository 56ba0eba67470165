// Who is sending a post: `replica:boot`. The replica part lives in DATA_HOME and survives restarts,
// so a restarted replica knows the posts its previous life left pending are its own (that process
// is dead: it is this one) and resumes them at once; other replicas wait for the lease to pass.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Owner {
  /** Stable per DATA_HOME; random when DATA_HOME cannot hold it. */
  replica: string;
  /** This process: `replica:boot`. */
  id: string;
  /** True when `replica` came from DATA_HOME (so it names this replica's earlier lives too). */
  stable: boolean;
}

export function ownerFor(dataHome: string | undefined): Owner {
  const boot = randomUUID().slice(0, 8);
  if (dataHome) {
    const file = join(dataHome, 'replica-id');
    try {
      const have = readFileSync(file, 'utf8').trim();
      if (/^[a-z0-9-]{4,64}$/.test(have)) return { replica: have, id: `${have}:${boot}`, stable: true };
    } catch {
      // first start, or DATA_HOME unusable: below
    }
    try {
      const replica = `r-${randomUUID().slice(0, 12)}`;
      mkdirSync(dataHome, { recursive: true });
      writeFileSync(file, `${replica}\n`, { flag: 'wx' });
      return { replica, id: `${replica}:${boot}`, stable: true };
    } catch {
      // lost a race with another start (read it again), or DATA_HOME is unusable
      try {
        const have = readFileSync(file, 'utf8').trim();
        if (have) return { replica: have, id: `${have}:${boot}`, stable: true };
      } catch {
        // unusable
      }
    }
  }
  const replica = `tmp-${randomUUID().slice(0, 12)}`;
  return { replica, id: `${replica}:${boot}`, stable: false };
}
