/**
 * Replays libsession-util tests/test_config_userprofile.cpp ("user profile C API") step by step:
 * the same seed and edits must give the same pushed bytes, dumps, merge results and conflict
 * resolution. The long hex below is that test's expected seqno-0 push (an upstream known answer,
 * cited, not computed by us).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../src/crypto/bytes';
import { sodiumReady } from '../../../src/crypto/sodium';
import { bencode } from '../../../src/onion/bencode';
import type { BencodeInput } from '../../../src/onion/bencode';
import { UserProfile } from '../../../src/swarm/config';
import { secretKeyFromSeedHex, UPSTREAM_SEED } from './helpers';
import { syncVectors } from './vectors';

const UPSTREAM_SEQNO0_PUSH =
  '080112ab030a0012001aa20308062801429b0326ec9746282053eb119228e6c36012966e7d2642163169ba39' +
  '98af44ca65f967768dd78ee80fffab6f809f6cef49c73a36c82a89622ff0de2ceee06b8c638e2c876fa9047f' +
  '449dbe24b1fc89281a264fe90abdeffcdd44f797bd4572a6c5ae8d88bf372c3c717943ebd570222206fabf0e' +
  'e9f3c6756f5d71a32616b1df53d12887961f5c129207a79622ccc1a4bba976886d9a6ddf0fe5d570e5075d01' +
  'ecd627f656e95f27b4c40d5661b5664cedd3e568206effa1308b0ccd663ca61a6d39c0731891804a8cf5edcf' +
  '8b98eaa5580c3d436e22156e38455e403869700956c3c1dd0b4470b663e75c98c5b859b53ccef6559215d804' +
  '9f755be9c2d6b3f4a310f97c496fc392f65b6431dd87788ac61074fd8cd409702e1b839b3f774d38cf8b28f0' +
  '226c4efa5220ac6ae060793e36e7ef278d42d042f15b21291f3bb29e3158f09d154b93f83fd8a319811a26cb' +
  '5240d90cbb360fafec0b7eff4c676ae598540813d062dc9468365c73b4cfa2ffd02d48cdcd8f0c71324c6d0a' +
  '60346a7a0e50af3be64684b37f9e6c831115bf112ddd18acde08eaec376f0872a3952000';

beforeAll(async () => {
  await sodiumReady();
});

function dumpBytes(state: number, serialized: Uint8Array, current: string): string {
  return toHex(
    bencode(
      new Map<string, BencodeInput>([
        ['!', BigInt(state)],
        ['$', serialized],
        ['(', utf8(current)],
        [')', []],
        ['+', new Map()],
      ]),
    ),
  );
}

describe('libsession user profile scenario', () => {
  it('reproduces pushes, dumps, merges and the conflict resolution', () => {
    const sk = secretKeyFromSeedHex(UPSTREAM_SEED);
    const conf = UserProfile.create(sk);
    expect(conf.needsPush()).toBe(false);
    expect(conf.needsDump()).toBe(false);
    expect(conf.name).toBeUndefined();

    const push0 = conf.push();
    expect(push0.seqno).toBe(0);
    expect(push0.data.length).toBe(256 + 176);
    expect(toHex(push0.data)).toBe(UPSTREAM_SEQNO0_PUSH);

    conf.setName('Kallie');
    conf.setProfilePic({
      url: 'http://example.org/omg-pic-123.bmp',
      key: utf8('secret78901234567890123456789012'),
    });
    conf.setNoteToSelfPriority(9);
    expect(conf.needsPush()).toBe(true);
    expect(conf.needsDump()).toBe(true);
    const push1 = conf.push();
    expect(push1.seqno).toBe(1);
    expect(conf.needsPush()).toBe(true); // waiting for confirmation

    const plain1 = fromHex(
      syncVectors().user_profile_config_message.decrypted_after_stripping_leading_nuls_hex,
    );
    expect(toHex(conf.dump())).toBe(dumpBytes(2, plain1, ''));
    expect(conf.needsDump()).toBe(false);
    conf.confirmPushed(push1.seqno, 'fakehash1');
    expect(conf.needsPush()).toBe(false);
    expect(conf.needsDump()).toBe(true);
    expect(toHex(conf.dump())).toBe(dumpBytes(0, plain1, 'fakehash1'));

    const conf2 = UserProfile.create(sk);
    expect(conf2.merge([{ hash: 'fakehash1', data: push1.data }])).toEqual(['fakehash1']);
    expect(conf2.needsDump()).toBe(true);
    conf2.dump();
    expect(conf2.needsPush()).toBe(false);
    expect(conf2.name).toBe('Kallie');

    conf.setName('Nibbler');
    conf2.setName('Raz');
    const key2 = utf8('qwert\0yuio1234567890123456789012');
    conf2.setProfilePic({ url: 'http://new.example.com/pic', key: key2 });
    conf2.setNoteToSelfExpirySeconds(86400);
    conf2.setBlindedMessageRequests(false);
    conf2.setBlindedMessageRequests(undefined);
    expect(conf2.blindedMessageRequests).toBeUndefined();
    conf2.setBlindedMessageRequests(true);

    const p2 = conf.push();
    expect(p2.seqno).toBe(2);
    const p3 = conf2.push();
    expect(p3.seqno).toBe(2);
    conf2.confirmPushed(p3.seqno, 'fakehash3');
    expect(toHex(p2.data)).not.toBe(toHex(p3.data));

    expect(conf2.merge([{ hash: 'fakehash2', data: p2.data }])).toEqual(['fakehash2']);
    expect(conf.merge([{ hash: 'fakehash3', data: p3.data }])).toEqual(['fakehash3']);

    const m1 = conf.push();
    const m2 = conf2.push();
    expect(m1.seqno).toBe(3);
    expect(m2.seqno).toBe(3);
    // Upstream: both resolve to "Nibbler" because its message has the higher hash.
    for (const c of [conf, conf2]) {
      expect(c.name).toBe('Nibbler');
      expect(c.profilePic?.url).toBe('http://new.example.com/pic');
      expect(toHex(c.profilePic?.key ?? new Uint8Array())).toBe(
        '7177657274007975696f31323334353637383930313233343536373839303132',
      );
      expect(c.noteToSelfPriority).toBe(9);
      expect(c.noteToSelfExpirySeconds).toBe(86400);
      expect(c.blindedMessageRequests).toBe(true);
    }
    // Both sides merged the same two messages from the same (waiting / clean) state: same bytes.
    expect(toHex(m1.data)).toBe(toHex(m2.data));
    conf.confirmPushed(m1.seqno, 'fakehash4');
    conf2.confirmPushed(m2.seqno, 'fakehash4');
    conf.dump();
    conf2.dump();
    for (const c of [conf, conf2]) {
      expect(c.needsDump()).toBe(false);
      expect(c.needsPush()).toBe(false);
    }
  });
});
