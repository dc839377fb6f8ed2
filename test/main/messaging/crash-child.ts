/**
 * Child process of the SIGKILL test: opens a profile whose network cannot deliver (a dead seed),
 * queues one message, says so on stdout, then waits to be killed.
 */
import { VeilCore } from '../../../src/main/core/core';

const [profileDir, recipient, body] = process.argv.slice(2);
if (!profileDir || !recipient || !body) throw new Error('usage: crash-child PROFILE RECIPIENT BODY');
const core = await VeilCore.open({
  profileDir,
  host: 'browser',
  network: 'devnet',
  networkConfig: { seedUrls: ['http://127.0.0.1:9/'], localDevnet: true },
});
await core.dispatcher.dispatch('conversations.open', { sessionId: recipient });
const sent = await core.dispatcher.dispatch('messages.send', { conversationId: recipient, body });
process.stdout.write(`${JSON.stringify(sent)}\n`);
setInterval(() => undefined, 1000);
