// A local Discord gateway (WebSocket, JSON, no compression): HELLO, heartbeat ACKs, READY after
// IDENTIFY. Enough for discord.js' Client to log in against the fake REST (GET /gateway/bot points here).
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { BOT_ID, type FakeDiscord, type Recorded } from './fakeDiscord.ts';

export interface FakeGateway {
  url: string;
  /** Sessions that identified (one per logged-in client). */
  identified: number;
  close(): Promise<void>;
}

export async function startFakeGateway(rest: FakeDiscord): Promise<FakeGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const state: FakeGateway = { url, identified: 0, close: async () => undefined };
  let session = 0;
  wss.on('connection', (ws: WebSocket) => {
    let seq = 0;
    const send = (payload: Record<string, unknown>) => ws.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: unknown };
      if (msg.op === 1) send({ op: 11, d: null, s: null, t: null });
      if (msg.op === 2) {
        state.identified++;
        send({
          op: 0, t: 'READY', s: ++seq,
          d: {
            v: 10, user: { id: BOT_ID, username: 'stressbot', discriminator: '0', avatar: null, global_name: null, bot: true },
            guilds: [], session_id: `session-${++session}`, resume_gateway_url: url, shard: [0, 1], application: { id: BOT_ID, flags: 0 },
          },
        });
      }
    });
  });
  // discord.js asks REST where the gateway is before connecting.
  const previous = rest.override;
  rest.override = (c: Recorded) =>
    c.method === 'GET' && c.path === '/gateway/bot'
      ? { status: 200, body: { url, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } }
      : previous?.(c);
  state.close = () =>
    new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    });
  return state;
}
