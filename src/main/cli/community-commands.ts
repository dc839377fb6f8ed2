/**
 * `veil community join|leave|send|read`, `veil communities` and `veil id blinded` (issue #19
 * item 5). JSON shapes exactly as the issue gives them; a bad URL, key or ID exits 2 with one line.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { fromHex, isHex } from '../../crypto/bytes';
import {
  blind15KeyPair,
  blind25KeyPair,
  blinded15IdOf,
  blinded25IdOf,
  parseServerPublicKey,
} from '../../crypto/blinding';
import { asEd25519Seed, ed25519KeyPairFromSeed, type Ed25519SecretKey } from '../../crypto/keys';
import { sodiumReady } from '../../crypto/sodium';
import { AccountService } from '../account/account-service';
import { CommunityError } from '../communities/errors';
import { UsageError, type CliIo } from './context';
import { fillCatalog } from './id-words';
import { waitForPaths, type CliSession } from './core-session';
import type { CliGlobals } from './id-commands';
import { checkUrl, communityFailure, withCommunitySession as withSession } from './community-dm-cli';
import { secondsParser } from './with-session';
import { postJson, quoteLine } from './room-lines';
import type { Catalog } from '../../shared/i18n';

/** A post id as `community read --json` prints it. */
function postIdOf(words: Catalog, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError(words.cliErrors.postId);
  return Number(value);
}

type SendOptions = { json?: boolean; timeout: number; replyTo?: number };

/** A reply to a post this profile does not have (or that was deleted) names the id given. */
function sendFailure(words: Catalog, e: unknown, replyTo: number | undefined): never {
  if (replyTo !== undefined && e instanceof CommunityError && e.code === 'unknown-message')
    throw new UsageError(fillCatalog(words.cliRooms.replyToUnknown, { id: replyTo }));
  return communityFailure(words, e);
}

const printedKey = (roomId: number) => `cli.community.printed.${roomId}`;

async function ownSecretKey(words: Catalog, profile: string): Promise<Ed25519SecretKey> {
  const account = await AccountService.open(profile, { defaultProtection: { kind: 'key-file' } });
  if (account.status().state !== 'ready') throw new UsageError(words.cliErrors.noUnlockedAccount);
  return account.identity().ed25519SecretKey;
}

export function registerCommunityCommands(program: Command, io: CliIo, globals: () => CliGlobals): void {
  const id = program.commands.find((c) => c.name() === 'id');
  id?.command('blinded')
    .description('print the 15- and 25-blinded IDs of a key (or of the profile) on a community server')
    .requiredOption('--server-pubkey <hex>', 'the server’s public key (64 hex characters)')
    .option('--ed25519-seed <hex>', 'the Ed25519 seed (64 hex characters); default: the profile’s')
    .option('--json', 'print one JSON line {"blind15","blind25"}')
    .action(async (opts: { serverPubkey: string; ed25519Seed?: string; json?: boolean }) => {
      await sodiumReady();
      const server = parseServerPublicKey(opts.serverPubkey.trim());
      if (!server) throw new UsageError(io.words.cliErrors.serverKeyHex);
      let sk: Ed25519SecretKey;
      if (opts.ed25519Seed !== undefined) {
        const hex = opts.ed25519Seed.trim();
        if (hex.length !== 64 || !isHex(hex)) throw new UsageError(io.words.cliErrors.seedHex64);
        sk = ed25519KeyPairFromSeed(asEd25519Seed(fromHex(hex.toLowerCase()))).secretKey;
      } else sk = await ownSecretKey(io.words, globals().profile);
      const blind15 = blinded15IdOf(blind15KeyPair(sk, server));
      const blind25 = blinded25IdOf(blind25KeyPair(sk, server));
      io.out(opts.json === true ? JSON.stringify({ blind15, blind25 }) : `15: ${blind15}\n25: ${blind25}`);
    });

  const community = program
    .command('community')
    .description('join, leave, read and post in community rooms')
    .exitOverride();

  community
    .command('join')
    .description('join a room by its URL (http(s)://host/room?public_key=HEX)')
    .argument('<url>', 'the join URL')
    .option('--json', 'print one JSON line {"room","name","blindedId"}')
    .option(
      '--timeout <seconds>',
      'give up waiting for the network after this long',
      secondsParser(io.words),
      60,
    )
    .action(async (url: string, opts: { json?: boolean; timeout: number }) => {
      checkUrl(io.words, url);
      await withSession(globals(), async ({ core, session }) => {
        await waitForPaths(io.words, core, opts.timeout * 1000);
        const room = await session.communities.join(url).catch((e: unknown) => communityFailure(io.words, e));
        io.out(
          opts.json === true
            ? JSON.stringify({ room: room.token, name: room.name, blindedId: room.blindedId })
            : `joined ${room.name} (${room.token}) as ${room.blindedId}`,
        );
      });
    });

  community
    .command('leave')
    .description('leave a room')
    .argument('<url>', 'the join URL')
    .action(async (url: string) => {
      checkUrl(io.words, url);
      await withSession(globals(), async ({ session }) => {
        const room = (() => {
          try {
            return session.communities.roomOfUrl(url);
          } catch (e) {
            return communityFailure(io.words, e);
          }
        })();
        await session.communities.leave(room.id);
        io.out(`left ${room.name} (${room.token})`);
      });
    });

  community
    .command('send')
    .description('post in a joined room; exits 0 once the server has the post')
    .argument('<url>', 'the join URL')
    .argument('<text>', 'the post')
    .option('--json', 'print one JSON line {"id","sentAt"}')
    .option(
      '--timeout <seconds>',
      'give up waiting for the network after this long',
      secondsParser(io.words),
      60,
    )
    .option('--reply-to <postId>', 'reply to this post (its id from read --json)', (v: string) =>
      postIdOf(io.words, v),
    )
    .action(async (url: string, text: string, opts: SendOptions) => {
      checkUrl(io.words, url);
      if (text.trim() === '') throw new UsageError(io.words.cliErrors.emptyMessage);
      await withSession(globals(), async ({ core, session }) => {
        const roomId = (() => {
          try {
            return session.communities.roomIdOfUrl(url);
          } catch (e) {
            return communityFailure(io.words, e);
          }
        })();
        await waitForPaths(io.words, core, opts.timeout * 1000);
        // The window's call: the core makes the quote (the post's time and author).
        const post = await session.communities
          .send(roomId, text, opts.replyTo)
          .catch((e: unknown) => sendFailure(io.words, e, opts.replyTo));
        io.out(opts.json === true ? JSON.stringify({ id: post.id, sentAt: post.sentAt }) : `sent ${post.id}`);
      });
    });

  community
    .command('read')
    .description('print new posts of a joined room, each once')
    .argument('<url>', 'the join URL')
    .option('--wait <seconds>', 'how long to listen for new posts', secondsParser(io.words), 0)
    .option('--json', 'one JSON line per post {"id","from","body","sentAt"} (a reply adds "replyTo")')
    .action(async (url: string, opts: { wait: number; json?: boolean }) => {
      checkUrl(io.words, url);
      await withSession(globals(), async ({ core, session }) => {
        const c = session.communities;
        const roomId = (() => {
          try {
            return c.roomIdOfUrl(url);
          } catch (e) {
            return communityFailure(io.words, e);
          }
        })();
        let mark = session.db.kv.get(printedKey(roomId), z.number().int().nonnegative()) ?? 0;
        const flush = () => {
          for (;;) {
            const posts = c.postsAfter(roomId, mark, 200);
            if (posts.length === 0) return;
            for (const p of posts) {
              if (!p.deleted) {
                io.out(
                  opts.json === true
                    ? postJson(p)
                    : `${new Date(p.sentAt).toISOString()} ${p.sender}: ${p.body}`,
                );
                const quote = opts.json === true ? undefined : quoteLine(io.words, p);
                if (quote !== undefined) io.out(quote);
              }
              mark = p.id;
            }
            // Saved after each page is written: a crash never prints a post twice in the same run.
            session.db.kv.set(printedKey(roomId), mark);
            const newest = posts.at(-1);
            if (newest) c.markRead(roomId, newest.id);
          }
        };
        const deadline = Date.now() + opts.wait * 1000;
        await waitForPaths(io.words, core, Math.max(opts.wait, 30) * 1000).catch(() => undefined);
        do {
          await c.pollNow();
          flush();
          if (Date.now() >= deadline) break;
          await new Promise((r) => setTimeout(r, 1000));
        } while (Date.now() < deadline);
      });
    });

  const roomIdOf = (c: CliSession['session']['communities'], url: string): number => {
    try {
      return c.roomIdOfUrl(url);
    } catch (e) {
      return communityFailure(io.words, e);
    }
  };
  const postIdArg = (value: string): number => {
    if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError(io.words.cliErrors.postId);
    return Number(value);
  };

  community
    .command('react')
    .description('react to a post (or --remove the reaction)')
    .argument('<url>', 'the join URL')
    .argument('<postId>', 'the post (its id from read --json)', postIdArg)
    .argument('<emoji>', 'the emoji')
    .option('--remove', 'remove our reaction')
    .action(async (url: string, postId: number, emoji: string, opts: { remove?: boolean }) => {
      checkUrl(io.words, url);
      if (emoji.length === 0 || emoji.length > 16)
        throw new UsageError(fillCatalog(io.words.cliErrors.notOneEmoji, { emoji }));
      await withSession(globals(), async ({ core, session }) => {
        const roomId = roomIdOf(session.communities, url);
        await waitForPaths(io.words, core);
        await session.communities
          .react(roomId, postId, emoji, opts.remove === true)
          .catch((e: unknown) => communityFailure(io.words, e));
        io.out(`${opts.remove === true ? 'removed' : 'reacted'} ${emoji} on ${postId}`);
      });
    });

  community
    .command('delete')
    .description('delete our post (or any post, as a moderator)')
    .argument('<url>', 'the join URL')
    .argument('<postId>', 'the post (its id from read --json)', postIdArg)
    .action(async (url: string, postId: number) => {
      checkUrl(io.words, url);
      await withSession(globals(), async ({ core, session }) => {
        const roomId = roomIdOf(session.communities, url);
        await waitForPaths(io.words, core);
        await session.communities
          .deletePost(roomId, postId)
          .catch((e: unknown) => communityFailure(io.words, e));
        io.out(`deleted ${postId}`);
      });
    });

  community
    .command('ban')
    .description('ban a user from the room (moderators), or --unban')
    .argument('<url>', 'the join URL')
    .argument('<blindedId>', 'the user’s blinded ID (15…)')
    .option('--unban', 'lift the ban')
    .action(async (url: string, user: string, opts: { unban?: boolean }) => {
      checkUrl(io.words, url);
      if (!/^(?:15|25)[0-9a-fA-F]{64}$/.test(user))
        throw new UsageError(fillCatalog(io.words.cliErrors.notBlindedId, { id: user }));
      await withSession(globals(), async ({ core, session }) => {
        const roomId = roomIdOf(session.communities, url);
        await waitForPaths(io.words, core);
        await session.communities
          .ban(roomId, user, opts.unban === true)
          .catch((e: unknown) => communityFailure(io.words, e));
        io.out(`${opts.unban === true ? 'unbanned' : 'banned'} ${user.toLowerCase()}`);
      });
    });

  program
    .command('communities')
    .description('list the joined rooms')
    .option('--json', 'one JSON line: an array of {"room","name","joinUrl","blindedId","unread"}')
    .action(async (opts: { json?: boolean }) => {
      await withSession(globals(), ({ session }) => {
        const rooms = session.communities.rooms();
        if (opts.json === true) {
          io.out(
            JSON.stringify(
              rooms.map((r) => ({
                room: r.token,
                name: r.name,
                joinUrl: r.joinUrl,
                blindedId: r.blindedId,
                unread: r.unread,
              })),
            ),
          );
          return;
        }
        for (const r of rooms) io.out(`${r.name} (${r.token}) ${r.joinUrl} unread ${r.unread}`);
      });
    });
}
