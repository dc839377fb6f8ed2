/**
 * `veil group create|accept|decline|leave|members` and `veil groups` (issue #18 item 7), plus
 * what `send` and `receive` need for `03…` groups. JSON shapes exactly as the issue gives them;
 * a user's mistake (bad ID, unknown group, a 101st member, not allowed) exits 2 with one line.
 */
import type { Command } from 'commander';
import type { SessionId } from '../../crypto/keys';
import { groupStep } from './group-target';
import { UnreachableError, UsageError, type CliIo } from './context';
import { bounded } from '../util/bounded';
import { openCliSession, runThenClose, waitForPaths, type CliSession } from './core-session';
import { warnStillQueued } from './delivery-wait';
import { secondsParser } from './with-session';
import type { CliGlobals as Globals } from './id-commands';
import type { Catalog } from '../../shared/i18n';
import { fillCatalog } from './id-words';

/** Runs `work` on an open session and always closes it (database, network, devnet). */
async function withSession<T>(g: Globals, work: (s: CliSession) => Promise<T> | T): Promise<T> {
  return runThenClose(await openCliSession(g.words, g.profile, g.network, g.proxy), work);
}

/** Waits until the invitations queued for `members` left, or `deadline`; returns who still waits. */
async function settleInvites(
  s: CliSession,
  members: readonly SessionId[],
  deadline: number,
): Promise<SessionId[]> {
  const left = () => members.filter((m) => s.session.messaging.pendingControl(m).includes('group-invite'));
  while (left().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return left();
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `send 03… TEXT`: the group's conversation, once we know we may post to it (an unknown group,
 * an invitation not accepted or a group we left exit 2 before any wait). The message then goes
 * through the same pipeline as a 1-to-1 one: the crash-safe outbox, replies, files.
 */
export async function groupConversationOf(
  words: Catalog,
  session: CliSession['session'],
  groupId: string,
): Promise<SessionId> {
  await groupStep(words, () => session.groups.members(groupId)); // unknown group: exit 2
  const row = session.db.groups.get(groupId);
  if (row?.status !== 'joined') throw new UsageError(words.groupSettings.notMember);
  return row.groupId as SessionId;
}

/**
 * For `receive`: prints, each once, invitations not printed yet, now and as they arrive (a
 * group's messages are printed with every other conversation's). `printOnce(key, line)` is
 * receive's own once-only printer.
 */
export function watchGroups(
  words: Catalog,
  s: Pick<CliSession, 'core' | 'session'>,
  json: boolean,
  printOnce: (key: string, line: () => string) => void,
): () => void {
  const { session, core } = s;
  const printAll = () => {
    for (const g of session.groups.list()) {
      if (g.status === 'invited') {
        const row = session.db.groups.get(g.groupId);
        printOnce(`group-invite:${g.groupId}:${row?.invitedAt ?? 0}`, () =>
          json
            ? JSON.stringify({ kind: 'group-invite', groupId: g.groupId, name: g.name, from: g.invitedBy })
            : fillCatalog(words.cliOut.group.invitedYou, {
                from: g.invitedBy ?? words.cliOut.group.someone,
                name: g.name,
                id: g.groupId,
              }),
        );
      }
    }
  };
  printAll();
  return core.domain.on(['groups.changed'], printAll);
}

/** Says which members' control messages of `kind` leave at the next run (nothing when none). */
function warnQueuedFor(io: CliIo, kind: 'group-invite' | 'group-promote', members: readonly string[]): void {
  if (members.length > 0) warnStillQueued(io, [`${io.words.cliErrors.queued[kind]} (${members.join(', ')})`]);
}

/** Waits until the queued control messages of `kind` for `members` left; warns about the rest. */
async function settleControl(
  io: CliIo,
  s: CliSession,
  kind: 'group-invite' | 'group-promote',
  members: readonly string[],
  timeoutSeconds: number,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const left = () => members.filter((m) => s.session.messaging.pendingControl(m as SessionId).includes(kind));
  while (left().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  warnQueuedFor(io, kind, left());
}

/** `group add|remove|promote GROUP_ID --member …` and `group rename GROUP_ID NAME` (admins). */
function registerAdminCommands(group: Command, globals: () => Globals, io: CliIo): void {
  const h = io.words.cliHelp;
  for (const name of ['add', 'remove', 'promote'] as const) {
    const cmd = group
      .command(name)
      .description(h.group[name])
      .argument('<groupId>', h.groupId)
      .requiredOption('--member <sessionId>', h.member, collect)
      .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60);
    if (name === 'add') cmd.option('--history', h.group.history);
    if (name === 'remove') cmd.option('--delete-messages', h.group.deleteMessages);
    cmd.action(
      async (
        groupId: string,
        opts: { member: string[]; timeout: number; history?: boolean; deleteMessages?: boolean },
      ) => {
        await withSession(globals(), async (s) => {
          const { core, session } = s;
          await groupStep(io.words, () => session.groups.members(groupId)); // unknown group: exit 2 at once
          await waitForPaths(io.words, core, opts.timeout * 1000);
          const admin = session.groups.admin;
          if (name === 'add') {
            await groupStep(io.words, () =>
              admin.addMembers(groupId, opts.member, { shareHistory: opts.history === true }),
            );
            await settleControl(io, s, 'group-invite', opts.member.map(lower), opts.timeout);
          } else if (name === 'remove') {
            await groupStep(io.words, () =>
              admin.removeMembers(groupId, opts.member, { deleteMessages: opts.deleteMessages === true }),
            );
          } else {
            await groupStep(io.words, () => admin.promote(groupId, opts.member));
            await settleControl(io, s, 'group-promote', opts.member.map(lower), opts.timeout);
          }
          io.out(adminDoneLine(io.words, name, opts.member.length, groupLabel(io.words, session, groupId)));
        });
      },
    );
  }

  group
    .command('rename')
    .description(h.group.rename)
    .argument('<groupId>', h.groupId)
    .argument('<name>', h.group.newName)
    .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60)
    .action(async (groupId: string, newName: string, opts: { timeout: number }) => {
      await withSession(globals(), async ({ core, session }) => {
        await groupStep(io.words, () => session.groups.members(groupId));
        await waitForPaths(io.words, core, opts.timeout * 1000);
        await groupStep(io.words, () => session.groups.admin.rename(groupId, newName));
        io.out(fillCatalog(io.words.cliOut.group.renamed, { name: newName.trim(), id: lower(groupId) }));
      });
    });
}

const lower = (t: string): string => t.trim().toLowerCase();

/**
 * “NAME” (03…) for the confirmation lines: silence after a command that changed a group read as
 * "did it work?" (as `group accept` and `group create` already say what they did).
 */
function groupLabel(words: Catalog, session: CliSession['session'], groupId: string): string {
  const found = listedGroup(session, groupId);
  return found === undefined
    ? `(${lower(groupId)})`
    : fillCatalog(words.cliOut.group.label, { name: found.name, id: found.groupId });
}

/** The group as `veil groups` lists it, by an ID as the user typed it. */
type ListedGroup = ReturnType<CliSession['session']['groups']['list']>[number];

function listedGroup(session: CliSession['session'], groupId: string): ListedGroup | undefined {
  const id = lower(groupId);
  return session.groups.list().find((g) => g.groupId === id);
}

function adminDoneLine(
  words: Catalog,
  name: 'add' | 'remove' | 'promote',
  count: number,
  label: string,
): string {
  const said = words.cliOut.group;
  const one = count === 1;
  const line =
    name === 'add'
      ? one
        ? said.invitedOne
        : said.invitedMany
      : name === 'remove'
        ? one
          ? said.removedOne
          : said.removedMany
        : one
          ? said.promotedOne
          : said.promotedMany;
  return fillCatalog(line, { members: count, group: label });
}

export function registerGroupCommands(program: Command, io: CliIo, globals: () => Globals): void {
  const h = io.words.cliHelp;
  const said = io.words.cliOut.group;
  const group = program.command('group').description(h.group.description).exitOverride();

  group
    .command('create')
    .description(h.group.create)
    .requiredOption('--name <name>', h.group.name)
    .requiredOption('--member <sessionId>', h.member, collect)
    .option('--json', fillCatalog(h.jsonShape, { shape: '{"groupId"}' }))
    .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60)
    .action(async (opts: { name: string; member: string[]; json?: boolean; timeout: number }) => {
      await withSession(globals(), async (s) => {
        const { core, session } = s;
        await waitForPaths(io.words, core, opts.timeout * 1000);
        const groupId = await groupStep(io.words, () => session.groups.create(opts.name, opts.member));
        // The invitations leave through the outbox: wait for them before the process ends.
        const invitees = session.groups
          .members(groupId)
          .filter((m) => !m.admin)
          .map((m) => m.sessionId as SessionId);
        const left = await settleInvites(s, invitees, Date.now() + opts.timeout * 1000);
        warnQueuedFor(io, 'group-invite', left);
        io.out(opts.json === true ? JSON.stringify({ groupId }) : groupId);
      });
    });

  for (const name of ['accept', 'decline', 'leave'] as const) {
    const cmd = group
      .command(name)
      .description(h.group[name])
      .argument('<groupId>', h.groupId)
      .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60);
    if (name === 'accept')
      cmd.option('--json', fillCatalog(h.jsonShape, { shape: '{"groupId","name","status"}' }));
    cmd.action(async (groupId: string, opts: { timeout: number; json?: boolean }) => {
      await withSession(globals(), async ({ core, session }) => {
        if (name !== 'leave' && session.db.groups.get(groupId) === undefined) {
          // Told the group's ID at once (`group create` prints it), the invitation may still be
          // in our swarm, unread: read it before saying the group is not on this computer.
          await waitForPaths(io.words, core, opts.timeout * 1000);
          await session.pollOwnSwarm();
        }
        if (name === 'decline') {
          // Named before: a declined invitation leaves the list.
          const label = groupLabel(io.words, session, groupId);
          await groupStep(io.words, () => {
            session.groups.decline(groupId);
          });
          io.out(fillCatalog(said.declined, { group: label }));
          return;
        }
        await groupStep(io.words, () => session.groups.members(groupId));
        await waitForPaths(io.words, core, opts.timeout * 1000);
        if (name === 'leave') {
          await groupStep(io.words, () => session.groups.leave(groupId));
          io.out(fillCatalog(said.left, { group: groupLabel(io.words, session, groupId) }));
          return;
        }
        await groupStep(io.words, () => session.groups.accept(groupId));
        // Said once it is done, as `group create` prints its ID: silence read as "did it work?".
        const joined = listedGroup(session, groupId);
        if (joined === undefined) throw new Error('an accepted group is missing from the list');
        io.out(
          opts.json === true
            ? JSON.stringify({ groupId: joined.groupId, name: joined.name, status: joined.status })
            : fillCatalog(said.joined, { name: joined.name, id: joined.groupId }),
        );
      });
    });
  }

  registerAdminCommands(group, globals, io);

  group
    .command('members')
    .description(h.group.members)
    .argument('<groupId>', h.groupId)
    .option('--json', fillCatalog(h.printJsonArray, { shape: '{"sessionId","name","admin","status"}' }))
    .action(async (groupId: string, opts: { json?: boolean }) => {
      await withSession(globals(), async ({ session }) => {
        const members = await groupStep(io.words, () => session.groups.members(groupId));
        io.out(
          opts.json === true
            ? JSON.stringify(
                members.map((m) => ({
                  sessionId: m.sessionId,
                  name: m.name,
                  admin: m.admin,
                  status: m.status,
                })),
              )
            : members
                .map((m) => `${m.sessionId} ${m.admin ? said.admin : said.memberStatus[m.status]} ${m.name}`)
                .join('\n'),
        );
      });
    });

  program
    .command('groups')
    .description(h.group.list)
    .option(
      '--json',
      fillCatalog(h.printJsonArray, { shape: '{"groupId","name","status","admin","members"}' }),
    )
    .option('--timeout <seconds>', h.group.listTimeout, secondsParser(io.words), 30)
    .action(async (opts: { json?: boolean; timeout: number }) => {
      await withSession(globals(), async (s) => {
        const { core, session } = s;
        // An invitation sent a moment ago is in our swarm, unread until the poller's first
        // cycle: read it once, as `group accept` does, so the list is not [] right after it.
        // Out of reach, the list is what this computer has, and stderr says so (exit 0).
        const deadline = Date.now() + opts.timeout * 1000;
        const reached = await waitForPaths(io.words, core, opts.timeout * 1000).then(
          () => true,
          (error: unknown) => {
            if (error instanceof UnreachableError) return false;
            throw error;
          },
        );
        if (reached) await bounded(session.pollOwnSwarm(), Math.max(0, deadline - Date.now()));
        else {
          s.abandonNetwork();
          io.err(io.words.cliGroups.notRead);
        }
        const list = session.groups.list();
        io.out(
          opts.json === true
            ? JSON.stringify(
                list.map((g) => ({
                  groupId: g.groupId,
                  name: g.name,
                  status: g.status,
                  admin: g.admin,
                  members: g.members,
                })),
              )
            : list
                .map(
                  (g) =>
                    `${g.groupId} ${said.status[g.status]}${g.admin ? ` ${said.admin}` : ''} ${g.members} ${g.name}`,
                )
                .join('\n'),
        );
      });
    });
}
