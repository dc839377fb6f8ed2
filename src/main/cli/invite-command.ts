/**
 * `veil invite RECIPIENT --name NAME --url URL [--json]`: sends a community invitation
 * (`DataMessage.communityInvitation`, no body, as Session sends it) to a Session ID or ONS name.
 * For tests and scripts until communities have a menu to send one from: it goes straight to the
 * recipient's swarm, is not kept in this profile's history and has no sync copy.
 */
import type { Command } from 'commander';
import { buildOutgoing1o1 } from '../../swarm/messages';
import { invitationOf } from '../messaging/community-invitation';
import { storeToInbox } from '../network';
import { UsageError, type CliIo } from './context';
import { waitForPaths } from './core-session';
import { withSession, type Globals } from './message-commands';
import { recipientOf } from './ons-commands';
import { fillCatalog } from './id-words';

export function registerInviteCommand(program: Command, io: CliIo, globals: () => Globals): void {
  program
    .command('invite')
    .description(io.words.cliHelp.invite.description)
    .argument('<recipient>', io.words.cliHelp.invite.recipient)
    .requiredOption('--name <name>', io.words.cliHelp.invite.name)
    .requiredOption('--url <url>', io.words.cliHelp.invite.url)
    .option('--json', fillCatalog(io.words.cliHelp.jsonShape, { shape: '{"hash","sentAt"}' }))
    .action(async (to: string, opts: { name: string; url: string; json?: boolean }) => {
      const invitation = invitationOf({ communityInvitation: { name: opts.name, url: opts.url } });
      if (!invitation) throw new UsageError(io.words.cliErrors.notInvitation);
      await withSession(globals(), async ({ core }) => {
        const recipient = await recipientOf(io.words, core, to, 30);
        const network = core.network;
        if (!network) throw new UsageError(io.words.cliErrors.noNetwork);
        await waitForPaths(io.words, core);
        const { data, sentAt } = buildOutgoing1o1({
          senderIdentity: core.account.identity(),
          recipientSessionId: recipient,
          content: { dataMessage: { communityInvitation: invitation } },
          sentAt: network.networkNow(),
        });
        const stored = await storeToInbox(network, { recipient, data });
        io.out(
          opts.json === true
            ? JSON.stringify({ hash: stored.hash, sentAt })
            : fillCatalog(io.words.cliOut.sent, { id: stored.hash }),
        );
      });
    });
}
