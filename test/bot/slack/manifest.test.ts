// manifest.yml is generated (npm run slack:manifest); this keeps the committed file in step with the
// registry and checks what the generator writes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slackManifest } from '../../../src/bot/slack/manifest.ts';
import { slashCommands, slashName, SLACK_EVENTS_PATH, UMBRELLA_SLASH } from '../../../src/bot/slack/index.ts';
import { commands } from '../../../src/commands/registry.ts';

const manifest = readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8');

/** The slash_commands entries: `- command: /x` followed by its indented `key: value` lines. */
function slashEntries(text: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const m of text.matchAll(/^ {4}- command: (\S+)\n((?: {6}\w+: .*\n)*)/gm)) {
    const fields = Object.fromEntries([...m[2]!.matchAll(/^ {6}(\w+): (.*)$/gm)].map((f) => [f[1]!, f[2]!.replace(/^"(.*)"$/, '$1')]));
    out.set(m[1]!, fields);
  }
  return out;
}

const entries = slashEntries(manifest);

describe('manifest.yml', () => {
  it('is what `npm run slack:manifest` writes from the registry (run it after changing a command)', () => {
    expect(manifest).toBe(slackManifest(commands));
  });

  it('declares a slash command for every registry command, and the /stress umbrella', () => {
    expect(entries.size).toBeGreaterThanOrEqual(9); // the parser found the list
    for (const slash of slashCommands(commands)) expect([...entries.keys()], `${slash} missing from manifest.yml`).toContain(slash);
    expect(entries.has(UMBRELLA_SLASH)).toBe(true);
    expect(slashName({ name: 'help' })).toBe('/stress-help'); // Slack reserves /help
  });

  it('gives each command a description, a usage hint, unescaped text and the events URL', () => {
    for (const [slash, f] of entries) {
      expect(f.description, slash).toMatch(/\S{3}/);
      expect(f.usage_hint, slash).toBeTruthy();
      expect(f.should_escape, slash).toBe('false');
      expect(f.url, slash).toBe(`https://stressbot.example.com${SLACK_EVENTS_PATH}`);
    }
  });

  it('only hints at arguments the registry command really takes', () => {
    for (const c of commands) {
      const hint = entries.get(slashName(c))?.usage_hint ?? '';
      const keys = Object.keys(c.args.shape);
      for (const [, key] of hint.matchAll(/(\w+)=/g)) expect(keys, `${slashName(c)} hints ${key}=`).toContain(key);
    }
  });

  it('asks for the scopes the adapter uses, subscribes to app_mention, and says the mode', () => {
    const scopes = [...manifest.slice(manifest.indexOf('  scopes:'), manifest.indexOf('\nsettings:')).matchAll(/^ {6}- ([\w:.]+)/gm)].map((m) => m[1]);
    expect(scopes).toEqual(['commands', 'app_mentions:read', 'chat:write', 'chat:write.public', 'files:write', 'users:read', 'channels:history', 'groups:history', 'im:write']);
    expect(manifest).toMatch(/bot_events:\n\s+- app_mention\n\s+- app_home_opened\n\s+- app_uninstalled\n\s+- tokens_revoked\n/);
    // Buttons, the form and the shortcut arrive as interactivity payloads at the same URL; App Home is a tab.
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/stressbot\.example\.com\/slack\/events/);
    expect(manifest).toContain('home_tab_enabled: true');
    expect(manifest).toMatch(/callback_id: ask_stressbot/);
    expect(manifest).toMatch(/^ {4}request_url: https:\/\/stressbot\.example\.com\/slack\/events$/m);
    expect(manifest).toMatch(/^ {2}socket_mode_enabled: (true|false)$/m);
  });
});
