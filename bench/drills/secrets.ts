// Secret echo: every upstream answers an error whose body repeats what it was sent (the KRX key in
// the AUTH_KEY header, the URL, every header), and Discord refuses the webhook edit naming the
// interaction token. The key, the bot token, the signing secret and the interaction token must not
// appear in any log line, Slack call, Discord call, playground answer or /metrics.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack } from '../../test/bot/slack/fakeSlack.ts';
import { BOT_TOKEN, SIGNING_SECRET, slackEnv, slash, sleep, startBot, tempHome, type DrillResult } from './harness.ts';
import type { DrillOptions } from './front.ts';

const KRX_KEY = 'KRX-drill-key-7f3a9c21e8b4d6052a1f';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246ZHJpbGw6c2VjcmV0LXRva2VuLTAxMjM0NTY3ODk';

/** An upstream that echoes the request (URL and headers) in a 401 body: a careless API's error page. */
async function echoingUpstream() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const body = JSON.stringify({ respMsg: `Unauthorized key ${String(req.headers.auth_key ?? '')} for ${req.url}`, headers: req.headers });
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Discord's REST: every webhook edit refused, repeating the URL (token included) in the error. */
async function refusingDiscord() {
  const texts: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      texts.push(Buffer.concat(chunks).toString('latin1'));
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Unknown Webhook ${req.url}`, code: 10015 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, texts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function secretEcho(o: DrillOptions = {}): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const upstream = await echoingUpstream();
  const discord = await refusingDiscord();
  const home = tempHome();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const rawKey = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const lines = o.small ? ['/vol-ratio'] : ['/vol-ratio', '/gamma', '/kospi-stress', '/digest'];
  try {
    const bot = await startBot({
      ...slackEnv(slack),
      DISCORD_PUBLIC_KEY: rawKey,
      DISCORD_API_URL: discord.url,
      DATA_SOURCE: 'live',
      KRX_API_KEY: KRX_KEY,
      KRX_API_URL: upstream.url,
      YAHOO_API_URL: upstream.url,
      FRED_API_URL: upstream.url,
      CBOE_API_URL: upstream.url,
      STOOQ_API_URL: upstream.url,
      KRX_HISTORY_DAYS: '5',
      HTTP_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'debug',
      DATA_HOME: home.dir,
      RATE_LIMIT_PER_MIN: '100',
    });
    const replies: string[] = [];
    let tried = 0;
    for (const [i, l] of lines.entries()) {
      const [command, ...rest] = l.split(' ');
      await slash(bot, slack, command!, rest.join(' '), `U${i}`, `C${i}`);
      tried++;
      const r = await fetch(`${bot.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ line: l }) });
      replies.push(await r.text());
      tried++;
    }
    // A Discord interaction whose webhook edit is refused with the token in the error.
    const interaction = JSON.stringify({ id: 'i-drill-1', type: 2, application_id: '123456789012345678', token: INTERACTION_TOKEN, channel_id: 'D1', member: { user: { id: 'U9' } }, data: { name: 'vol-ratio' } });
    const t = String(Math.floor(Date.now() / 1000));
    const sig = sign(null, Buffer.concat([Buffer.from(t), Buffer.from(interaction)]), privateKey).toString('hex');
    const d = await fetch(`${bot.base}/discord/interactions`, { method: 'POST', body: interaction, headers: { 'content-type': 'application/json', 'x-signature-ed25519': sig, 'x-signature-timestamp': t } });
    replies.push(await d.text());
    tried++;
    // Until every Slack answer is in (or 60 s).
    const until = Date.now() + 60_000;
    while (Date.now() < until && slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts).length < lines.length) await sleep(200);
    await sleep(2_000);
    replies.push(await (await fetch(`${bot.base}/metrics`)).text());
    await bot.stop();
    const secrets = [KRX_KEY, BOT_TOKEN, SIGNING_SECRET, INTERACTION_TOKEN];
    const places: Record<string, string[]> = {
      log: bot.stderr().split('\n'),
      slack: slack.calls.filter((c) => c.method !== 'auth.test').map((c) => c.raw.toString('latin1')),
      discord: discord.texts,
      replies,
    };
    const hits: string[] = [];
    for (const [where, texts] of Object.entries(places)) {
      for (const text of texts) for (const s of secrets) if (text.includes(s)) hits.push(`${where}:${s.slice(0, 6)}…`);
    }
    const echoed = upstream.seen.length;
    return {
      name: 'secret echo',
      tried,
      handled: tried - new Set(hits).size,
      lost: hits.length,
      notes: [`${hits.length} hits`, `${echoed} echoing upstream answers`, `${places.log!.length} log lines searched`, ...(hits.length ? [`at ${[...new Set(hits)].join(', ')}`] : [])],
      pass: hits.length === 0 && echoed > 0,
    };
  } finally {
    await Promise.all([slack.close(), upstream.close(), discord.close()]);
    home.cleanup();
  }
}
