/**
 * Child process of the SIGKILL tests: opens a profile whose network cannot deliver (a dead seed),
 * queues one message (or, with `accept`, accepts the request of RECIPIENT), says so on stdout,
 * then waits to be killed.
 */
import { VeilCore } from '../../../src/main/core/core';

const [profileDir, recipient, body, action = 'send'] = process.argv.slice(2);
if (!profileDir || !recipient || !body)
  throw new Error('usage: crash-child PROFILE RECIPIENT BODY [send|accept]');
const core = await VeilCore.open({
  profileDir,
  host: 'browser',
  network: 'devnet',
  networkConfig: { seedUrls: ['http://127.0.0.1:9/'], localDevnet: true },
});
const done =
  action === 'accept'
    ? await core.dispatcher.dispatch('requests.accept', { conversationId: recipient })
    : await (async () => {
        await core.dispatcher.dispatch('conversations.open', { sessionId: recipient });
        return core.dispatcher.dispatch('messages.send', { conversationId: recipient, body });
      })();
process.stdout.write(`${JSON.stringify(done)}\n`);
setInterval(() => undefined, 1000);
