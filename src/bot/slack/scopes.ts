// The bot scopes the app asks for: in the manifest, and in the OAuth install link.

/** Bot scopes and why the adapter needs each. */
export const SCOPES: [string, string][] = [
  ['commands', 'the slash commands above'],
  ['app_mentions:read', '@stressbot gamma move=2'],
  ['chat:write', 'anchors, threaded answers, ephemeral errors'],
  ['chat:write.public', 'anchor in public channels without inviting the bot first'],
  ['files:write', 'chart PNGs in the thread (files.uploadV2)'],
  ['users:read', "users.info include_locale: answer in the asker's Slack language"],
  ['channels:history', 'a digest retry reads back what already landed (message metadata)'],
  ['groups:history', 'the same in private channels'],
  ['im:write', 'form answers with no conversation chosen go to the user\'s DM'],
];
