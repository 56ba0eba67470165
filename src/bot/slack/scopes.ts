// The bot scopes the app asks for: in the manifest, and in the OAuth install link.

/** Bot scopes and why the adapter needs each. */
export const SCOPES: [string, string][] = [
  ['commands', 'the slash commands above'],
  ['app_mentions:read', '@stressbot gamma move=2'],
  ['chat:write', 'anchors, threaded answers, ephemeral errors'],
  ['chat:write.public', 'anchor in public channels without inviting the bot first'],
  ['files:write', 'chart PNGs in the thread (files.uploadV2)'],
  ['channels:history', 'a digest retry reads back what already landed (message metadata)'],
  ['groups:history', 'the same in private channels'],
];
