// compose.yaml cannot run here (no Docker), so its structure is checked: the services, that each
// health check probes the right thing, the environment the bot reads, volumes, and the proxy's pool.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config.ts';

interface Service {
  build?: string;
  image?: string;
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  stop_grace_period?: string;
}

// `merge: true` resolves the YAML merge keys (<<) the file uses for the shared bot definition.
const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const caddyfile = readFileSync('deploy/Caddyfile', 'utf8');
const services = compose.services;
const bots = ['bot-1', 'bot-2'];

/** `${POSTGRES_PASSWORD:?…}` as compose substitutes it, for checking values against the bot's own schema. */
const substitute = (value: string) => value.replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_m, name: string) => (name === 'POSTGRES_PASSWORD' ? 'pw' : ''));

describe('compose.yaml', () => {
  it('has two bot replicas, Redis, PostgreSQL and a proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['bot-1', 'bot-2', 'postgres', 'proxy', 'redis']);
    for (const name of bots) expect(services[name]!.build).toBe('.');
    expect(existsSync('Dockerfile')).toBe(true);
  });

  it('gives every service a health check that probes it', () => {
    for (const name of bots) {
      const test = services[name]!.healthcheck!.test.join(' ');
      expect(test).toContain('http://127.0.0.1:3000/healthz');
    }
    expect(services.redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(services.postgres!.healthcheck!.test.join(' ')).toMatch(/pg_isready -U stressbot -d stressbot/);
    expect(services.proxy!.healthcheck!.test.join(' ')).toContain('127.0.0.1:2019');
    for (const s of Object.values(services)) expect(s.healthcheck!.retries).toBeGreaterThan(0);
  });

  it('starts the bots after Redis and PostgreSQL are healthy', () => {
    for (const name of bots) {
      expect(services[name]!.depends_on).toEqual({ redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
  });

  it('gives the bots settings their own config accepts, pointing at the shared services', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const name of bots) {
      const env = services[name]!.environment!;
      for (const key of Object.keys(env)) expect(known.has(key) || key === 'DATABASE_URL', `${name}: ${key} is not a setting`).toBe(true);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(substitute(env.DATABASE_URL!)).toBe('postgres://stressbot:pw@postgres:5432/stressbot');
      expect(env.HOST).toBe('0.0.0.0');
      const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v)])));
      expect(config.PORT).toBe(3000);
      expect(config.PLAYGROUND).toBe('off');
      // The SIGTERM drain fits in the time compose waits before SIGKILL.
      expect(Number.parseInt(services[name]!.stop_grace_period!, 10) * 1000).toBeGreaterThan(config.SHUTDOWN_DRAIN_MS);
    }
    // The two replicas split the gateway: one shard each of the same total.
    expect(bots.map((b) => services[b]!.environment!.SHARD_IDS)).toEqual(['0', '1']);
    expect(bots.map((b) => services[b]!.environment!.SHARD_COUNT)).toEqual(['2', '2']);
    // PostgreSQL's own user, database and password are the ones in the bots' URL.
    const pg = services.postgres!.environment!;
    expect([pg.POSTGRES_USER, pg.POSTGRES_DB]).toEqual(['stressbot', 'stressbot']);
    expect(pg.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('keeps state on named volumes, one DATA_HOME per replica', () => {
    const mounts = (s: string) => services[s]!.volumes!.map((v) => v.split(':'));
    const declared = Object.keys(compose.volumes);
    expect(mounts('bot-1')).toEqual([['bot-1-var', '/app/var']]);
    expect(mounts('bot-2')).toEqual([['bot-2-var', '/app/var']]);
    expect(mounts('postgres')).toEqual([['postgres-data', '/var/lib/postgresql/data']]);
    expect(mounts('redis')).toEqual([['redis-data', '/data']]);
    for (const s of Object.keys(services)) {
      for (const [source] of mounts(s)) {
        if (source!.startsWith('./')) expect(existsSync(source!), `${s} mounts ${source}`).toBe(true);
        else expect(declared, `${s} mounts ${source}`).toContain(source);
      }
    }
  });

  it('puts the proxy in front of both replicas, leaving out one whose /readyz fails', () => {
    expect(services.proxy!.ports).toEqual(['80:80', '443:443']);
    for (const name of bots) expect(services[name]!.ports).toBeUndefined();
    expect(caddyfile).toMatch(/reverse_proxy bot-1:3000 bot-2:3000 \{/);
    expect(caddyfile).toMatch(/^\s*health_uri \/readyz$/m);
  });
});
