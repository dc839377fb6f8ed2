/**
 * The ONS lookup's agreement rule on a real devnet: three distinct nodes are asked, and one node
 * that lies (another Session ID sealed under the same name) or says "no such name" alone makes
 * the answer unconfirmed — a network failure, not a wrong contact.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { fromHex, toHex } from '../../../src/crypto/bytes';
import { encryptOnsValue } from '../../../src/crypto/ons';
import { OnsError, resolveOnsName, type NetworkClient, type RequestSpec } from '../../../src/main/network';
import { clientOn, devnet, newAccount } from './helpers';

type Tamper = (body: unknown) => unknown;

/** A client whose `tampered` first ons_resolve answers are rewritten, and which records targets. */
function tamperingClient(net: Devnet, tamper: Tamper, tampered = 1) {
  const client = clientOn(net);
  const real = client.request.bind(client);
  const targets: string[] = [];
  let left = tampered;
  client.request = async (spec: RequestSpec) => {
    const r = await real(spec);
    if (spec.label !== 'ons_resolve') return r;
    targets.push(r.target.pubkeyEd25519);
    if (left <= 0) return r;
    left--;
    const [first, ...rest] = r.results;
    if (!first) return r;
    return { ...r, results: [{ ...first, body: tamper(first.body) }, ...rest] };
  };
  return { client, targets };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof OnsError ? e.reason : `other: ${String(e)}`;
  }
}

describe('ONS lookup: three nodes must agree', () => {
  let net: Devnet;
  const clients: NetworkClient[] = [];
  let bob: ReturnType<typeof newAccount>;
  let eve: ReturnType<typeof newAccount>;

  beforeAll(async () => {
    net = await devnet(12);
    bob = newAccount();
    eve = newAccount();
    net.registerOns('bob', bob.sessionId);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await net.stop();
  });

  it('asks three distinct nodes and returns the agreed Session ID', async () => {
    const { client, targets } = tamperingClient(net, (b) => b, 0);
    clients.push(client);
    await client.start();
    expect(await resolveOnsName(client, 'Bob')).toBe(bob.sessionId);
    expect(new Set(targets).size).toBe(3);
  }, 60_000);

  it('one node naming someone else: unconfirmed (network), never the liar’s ID', async () => {
    const nonce = new Uint8Array(randomBytes(24));
    const lie = {
      encrypted_value: toHex(encryptOnsValue('bob', fromHex(eve.sessionId), nonce)),
      nonce: toHex(nonce),
    };
    const { client } = tamperingClient(net, (b) => ({ ...(b as object), result: lie }));
    clients.push(client);
    await client.start();
    expect(await failure(resolveOnsName(client, 'bob'))).toBe('network');
  }, 60_000);

  it('one node saying "no such name" while the others know it: unconfirmed (network)', async () => {
    const { client } = tamperingClient(net, (b) => ({ ...(b as object), result: {} }));
    clients.push(client);
    await client.start();
    expect(await failure(resolveOnsName(client, 'bob'))).toBe('network');
  }, 60_000);

  it('a record that does not decrypt under the name: network; no one has it: not-found', async () => {
    const { client } = tamperingClient(net, (b) => ({
      ...(b as object),
      result: { encrypted_value: '00'.repeat(49), nonce: '00'.repeat(24) },
    }));
    clients.push(client);
    await client.start();
    expect(await failure(resolveOnsName(client, 'bob'))).toBe('network');
    expect(await failure(resolveOnsName(client, 'nobody'))).toBe('not-found');
    expect(await failure(resolveOnsName(client, 'no body'))).toBe('invalid-name');
  }, 60_000);
});
