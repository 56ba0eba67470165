// A local WebSocket playing Discord's gateway (API v10, JSON, no compression): HELLO, then READY and
// one GUILD_CREATE per guild of the shard named in IDENTIFY, routed as Discord does (guild_id >> 22) % count.
// GET /gateway/bot is answered through the REST fake's override, pointing discord.js here.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { BOT_ID, type FakeDiscord } from './fakeDiscord.ts';

export interface ShardSession {
  shard: [id: number, count: number];
  token: string;
  socket: WebSocket;
  /** Send a dispatch (op 0) with the next sequence number. */
  dispatch(t: string, d: unknown): void;
}

export interface FakeGateway {
  url: string;
  sessions: ShardSession[];
  /** Resolves when a shard with this id has identified and been sent its guilds. */
  waitForShard(id: number, ms?: number): Promise<ShardSession>;
  close(): Promise<void>;
}

/** Discord's routing of a guild to a shard: https://discord.com/developers/docs/topics/gateway#sharding */
export const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));

export interface GuildFixture {
  id: string;
  channelId: string;
}

export async function startFakeGateway(rest: FakeDiscord, guilds: GuildFixture[], recommendedShards = 1): Promise<FakeGateway> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const sessions: ShardSession[] = [];
  const waiters: { id: number; resolve: (s: ShardSession) => void }[] = [];

  const previous = rest.override;
  rest.override = (call) => {
    if (call.method === 'GET' && call.path === '/gateway/bot') {
      return {
        status: 200,
        body: { url, shards: recommendedShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 16 } },
      };
    }
    return previous?.(call);
  };

  wss.on('connection', (socket) => {
    let seq = 0;
    const send = (payload: unknown) => socket.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: any };
      if (msg.op === 1) return send({ op: 11, d: null, s: null, t: null });
      if (msg.op !== 2) return;
      const shard = msg.d.shard as [number, number];
      const mine = guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
      const session: ShardSession = {
        shard,
        token: msg.d.token,
        socket,
        dispatch: (t, d) => send({ op: 0, t, s: ++seq, d }),
      };
      session.dispatch('READY', {
        v: 10, user: { id: BOT_ID, username: 'stressbot', discriminator: '0', avatar: null, global_name: null, bot: true },
        guilds: mine.map((g) => ({ id: g.id, unavailable: true })), session_id: `session-${shard[0]}`,
        resume_gateway_url: url, shard, application: { id: BOT_ID, flags: 0 },
      });
      for (const g of mine) {
        session.dispatch('GUILD_CREATE', {
          id: g.id, name: `guild ${g.id}`, unavailable: false, roles: [], emojis: [], members: [], member_count: 2, joined_at: new Date().toISOString(),
          channels: [{ id: g.channelId, type: 0, name: 'markets', guild_id: g.id }], threads: [],
        });
      }
      sessions.push(session);
      for (const w of [...waiters]) if (w.id === shard[0]) { waiters.splice(waiters.indexOf(w), 1); w.resolve(session); }
    });
  });

  return {
    url,
    sessions,
    waitForShard(id, ms = 20_000) {
      const seen = sessions.find((s) => s.shard[0] === id);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake gateway: shard ${id} never identified; got ${sessions.map((s) => s.shard.join('/')).join(', ') || 'none'}`)), ms);
        waiters.push({ id, resolve: (s) => { clearTimeout(timer); resolve(s); } });
      });
    },
    close: () => new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }),
  };
}
