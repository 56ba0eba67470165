// What a snapshot folder (stressbot snapshot) says about itself, read back by the CSV market.

export const SNAPSHOT_MANIFEST = 'SNAPSHOT.json';

/** What a snapshot folder says about itself. */
export interface SnapshotManifest {
  /** The MarketData kind it was written from: 'demo', 'live', 'csv'. */
  origin: string;
  /** True when the prices are synthetic: answers from the folder say DEMO. */
  demo: boolean;
  writtenAt: string;
  /** Per series: who served it, and for USD/KRW when its rate is fixed. */
  series: Record<string, { source: string; fxTiming?: 'seoul-close' | 'new-york-noon'; hygiene?: string[] }>;
}
