/**
 * The devnet's `oxend_request` → `ons_resolve` as oxen-core documents it: the record of a name
 * registered through `registerOns` on every node, the name hash in hex or base64 (padded or
 * not), `{}` for an unknown hash or another type, 400 for parameters oxend refuses. Decrypted
 * here with the documented algorithm (libsodium directly), not with the client's module.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { obj, randomAccount, rpc, useDevnet } from './helpers';

describe('devnet ons_resolve', () => {
  const net = useDevnet({ nodes: 6 });

  const ask = (url: string, params: Record<string, unknown>) =>
    rpc(url, 'oxend_request', { endpoint: 'ons_resolve', params });

  it('answers a registered name on every node, in hex or base64', async () => {
    const who = randomAccount();
    net().registerOns('Veil_Test', who.sessionId);
    const s = sodium();
    const hash = s.crypto_generichash(32, utf8('veil_test'), null);
    const key = s.crypto_generichash(32, utf8('veil_test'), hash);
    for (const n of net().nodes()) {
      for (const nameHash of [toBase64(hash), toBase64(hash).replace(/=$/, ''), toHex(hash)]) {
        const r = await ask(n.url, { type: 0, name_hash: nameHash });
        expect(r.status).toBe(200);
        const result = obj(obj(r.json).result);
        const plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null,
          fromHex(String(result.encrypted_value)),
          null,
          fromHex(String(result.nonce)),
          key,
        );
        expect(toHex(plain)).toBe(who.sessionId);
      }
    }
  });

  it('has nothing for an unknown hash or another type; refuses bad parameters', async () => {
    const url = net().nodes()[0]?.url ?? '';
    const unknown = toBase64(sodium().crypto_generichash(32, utf8('nobody'), null));
    expect(obj((await ask(url, { type: 0, name_hash: unknown })).json).result).toEqual({});
    expect(obj((await ask(url, { type: 2, name_hash: unknown })).json).result).toEqual({});
    for (const bad of [{ type: 0 }, { type: 0, name_hash: 'short' }, { type: 9, name_hash: unknown }, {}]) {
      expect((await ask(url, bad)).status).toBe(400);
    }
  });
});
