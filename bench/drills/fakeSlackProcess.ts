// The fake Slack in a process of its own, so that serving thousands of Web API calls does not slow
// the drill's own clock (the load drill measures ack times from the client's side).
import { startFakeSlack } from '../../test/bot/slack/fakeSlack.ts';

const slack = await startFakeSlack();
process.stdout.write(`${slack.url}\n`);
process.on('SIGTERM', () => void slack.close().then(() => process.exit(0)));
