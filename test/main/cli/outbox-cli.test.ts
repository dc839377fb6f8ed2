import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { SessionId } from '../../../src/crypto/keys';
import { runCli } from '../../../src/main/cli/main';
import { capture, startCliPair, tempProfiles } from '../../cli/helpers';
import { VeilCore } from '../../../src/main/core/core';
import { swarmForPubkey } from '../../../src/swarm/swarm-space';
import { en } from '../../../src/shared/i18n/en';

/** What the CLI's control messages and failures look like from outside, on one devnet. */
describe('veil send: queued control messages and failed messages', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-outbox-');
  let ann: string;
  let ben: string;
  let annId: SessionId;
  let benId: SessionId;
  const cli = async (dir: string, ...args: string[]) => {
    const c = capture();
    const code = await runCli(['--profile', dir, '--network', devnet.seedUrl, ...args], c.io);
    return { code, ...c };
  };

  beforeAll(async () => {
    ({ devnet, ann, ben, annId, benId } = await startCliPair(profiles));
  }, 60_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('a reply from the CLI to a request tells the requester it was accepted, before the command exits', async () => {
    expect((await cli(ann, 'send', benId, 'Bonjour Ben')).code).toBe(0);
    const got = await cli(ben, 'receive', '--wait', '2', '--json');
    expect(got.out.map((l) => (JSON.parse(l) as { body: string }).body)).toEqual(['Bonjour Ben']);
    const listed = await cli(ben, 'conversations', '--json');
    expect(JSON.parse(listed.out[0]!)).toEqual([
      expect.objectContaining({ sessionId: annId, isRequest: true }),
    ]);

    const reply = await cli(ben, 'send', annId, 'Salut Ann', '--json');
    expect(reply.code).toBe(0);
    expect(reply.err).toEqual([]); // nothing left queued
    expect(reply.out).toHaveLength(1);

    // Ben's process is done; Ann (another client on the same network) must learn of it now.
    const core = await VeilCore.open({
      profileDir: ann,
      host: 'browser',
      network: 'devnet',
      networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
    });
    try {
      const session = core.ensureSession()!;
      const deadline = Date.now() + 20_000;
      while (session.db.conversations.getConversation(benId)?.approvedMe !== true) {
        if (Date.now() > deadline) throw new Error('Ann never learnt that Ben accepted her request');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(session.db.messages.pageMessages(benId, undefined, 10).map((m) => m.body)).toEqual([
        'Salut Ann',
        'Bonjour Ben',
      ]);
    } finally {
      await core.close();
    }
  }, 90_000);

  it('send exits 1 with one line on stderr when no swarm accepts the message within a minute', async () => {
    const fresh = await cli(ann, 'id', 'new', '--json');
    const nobody = (JSON.parse(fresh.out[0]!) as { sessionId: SessionId }).sessionId;
    // Every member of the recipient's swarm is dead; the rest of the network is up.
    const nodes = devnet.nodes();
    const swarm = swarmForPubkey(
      [...new Set(nodes.map((n) => n.swarm))].map((h) => BigInt(`0x${h}`)),
      nobody,
    );
    const victims = nodes.filter((n) => BigInt(`0x${n.swarm}`) === swarm);
    expect(victims.length).toBeGreaterThan(0);
    expect(victims.length).toBeLessThan(nodes.length);
    for (const v of victims) await devnet.kill(v.index);
    try {
      const started = Date.now();
      const r = await cli(ann, 'send', nobody, 'into the void', '--json');
      expect(r.code).toBe(1);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toBe(en.cliErrors.notSent);
      expect(Date.now() - started).toBeGreaterThanOrEqual(60_000);
    } finally {
      for (const v of victims) await devnet.restart(v.index);
    }
  }, 180_000);

  it('send keeps the message when the whole network is down', async () => {
    const fresh = await cli(ann, 'id', 'new', '--json');
    const nobody = (JSON.parse(fresh.out[0]!) as { sessionId: SessionId }).sessionId;
    const nodes = devnet.nodes();
    for (const n of nodes) await devnet.kill(n.index);
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli(ann, 'send', nobody, 'while everything is down', '--timeout', '3');
    } finally {
      for (const n of nodes) await devnet.restart(n.index);
    }
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    // It was lost before: the command gave up waiting for paths before the message was stored.
    // Now it is kept: queued if it was never tried (it leaves at the next run), failed if a try
    // ran out of time (resent from the app); the line on stderr says which.
    const history = await cli(ann, 'history', nobody, '--json');
    expect(history.code).toBe(0);
    const kept = JSON.parse(history.out[0]!) as { body: string; status: string }[];
    expect(kept.map((m) => m.body)).toEqual(['while everything is down']);
    expect(r.err[0]).toBe(kept[0]!.status === 'failed' ? en.cliErrors.notSent : en.cliErrors.notSentQueued);
  }, 180_000);
});
