/**
 * Config messages from our own swarm (sync-groups-communities.md §1.3): the parser, the
 * decrypt → open (NUL padding, zstd) path, the full `merge` of incoming messages (wrapper,
 * sealed box, decryption, parsing, merging, then reading the merged views) and dump loading.
 * Structure-aware inputs are damaged plaintexts sealed and wrapped again with the right key.
 */
import fc from 'fast-check';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import type { Identity } from '../../src/crypto/keys';
import { bencode, type BencodeInput } from '../../src/onion/bencode';
import {
  Contacts,
  decryptConfig,
  emptyContact,
  encryptConfig,
  openConfigPlaintext,
  parseConfigMessage,
  sealConfigMessage,
  UserProfile,
  wrapConfig,
  type ConfigBase,
  type IncomingConfig,
} from '../../src/swarm/config';
import { detRandom } from './corpus';
import { bytesInput, mutatedBytes } from './mutate';
import { ContractViolation, target, typed, type FuzzTarget, type Outcome } from './contract';

/** A zstd frame holding `data` in one raw block (RFC 8878 §3.1.1): no compressor needed. */
function zstdRawFrame(data: Uint8Array): Uint8Array {
  const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, data.length & 0xff);
  const bh = (data.length << 3) | 1;
  return concatBytes(header, Uint8Array.of(bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff), data);
}

function message(
  seqno: number,
  data: Map<string, BencodeInput>,
  extra: Array<[string, BencodeInput]> = [],
): Uint8Array {
  return bencode(
    new Map<string, BencodeInput>([['#', seqno], ['&', data], ['<', []], ['=', new Map()], ...extra]),
  );
}

type Kind = 'profile' | 'contacts';

function create(kind: Kind, id: Identity): UserProfile | Contacts {
  return kind === 'profile' ? UserProfile.create(id.ed25519SecretKey) : Contacts.create(id.ed25519SecretKey);
}

/** Reads every view, as the app would after a merge (getters decode the merged data). */
function readViews(c: ConfigBase): unknown[] {
  const views: unknown[] = [c.dump()];
  if (c instanceof UserProfile)
    views.push(
      c.name,
      c.profilePic,
      c.noteToSelfPriority,
      c.noteToSelfExpirySeconds,
      c.blindedMessageRequests,
    );
  else if (c instanceof Contacts) views.push(c.all());
  return views;
}

export function configTargets(id: Identity, other: Identity): FuzzTarget[] {
  const key = id.ed25519SecretKey.slice(0, 32);
  const domains = { profile: 'UserProfile', contacts: 'Contacts' } as const;

  // Serialized messages: hand-made, and real pushes of both kinds.
  const profile = UserProfile.create(id.ed25519SecretKey);
  profile.setName('Alice ✓');
  profile.setProfilePic({ url: 'http://filev2.getsession.org/file/123', key: detRandom(3)(32) });
  profile.setNoteToSelfPriority(2);
  const contacts = Contacts.create(id.ed25519SecretKey);
  contacts.set({ ...emptyContact(other.sessionId), name: 'Bob', nickname: 'B', approved: true, priority: 1 });
  contacts.set({ ...emptyContact(id.sessionId), blocked: true, muteUntil: 1_800_000_000 });
  const pushes: Record<Kind, Uint8Array> = { profile: profile.push().data, contacts: contacts.push().data };
  const serialized = [
    message(
      1,
      new Map<string, BencodeInput>([
        ['n', 'Zed'],
        ['+', 1],
      ]),
    ),
    message(
      5,
      new Map<string, BencodeInput>([['c', new Map([[`\x05${'\x11'.repeat(32)}`, new Map([['n', 'x']])]])]]),
      [['~', new Uint8Array(64)]],
    ),
    message(2, new Map(), [['<', [[1, new Uint8Array(32), new Map<string, BencodeInput>([['n', '']])]]]]),
  ];
  for (const kind of ['profile', 'contacts'] as const) {
    const d = decryptConfig(pushes[kind].subarray(0), key, domains[kind]);
    if (d.ok) {
      const o = openConfigPlaintext(d.value);
      if (o.ok) serialized.push(o.value);
    }
  }
  const plaintexts = [
    ...serialized,
    ...serialized.slice(0, 2).map((m) => concatBytes(utf8('z'), zstdRawFrame(m))),
    concatBytes(new Uint8Array(7), serialized[0] ?? new Uint8Array()),
  ];
  const sealed = plaintexts.map((p) => sealConfigMessage(p, key, 'UserProfile'));
  const dumps = [profile.dump(), contacts.dump(), UserProfile.create(id.ed25519SecretKey).dump()];

  const kind = fc.constantFrom<Kind>('profile', 'contacts');
  const wrap = (k: Kind, inner: Uint8Array): Uint8Array =>
    k === 'profile'
      ? wrapConfig(id.ed25519SecretKey, 1, 1, inner)
      : wrapConfig(id.ed25519SecretKey, 2, 1, inner);
  // One incoming message: a damaged push, or a damaged plaintext sealed (and wrapped) again.
  const item = (k: Kind): fc.Arbitrary<Uint8Array> =>
    fc.oneof(
      { weight: 2, arbitrary: bytesInput([pushes[k]]) },
      {
        weight: 4,
        arbitrary: fc.tuple(mutatedBytes(plaintexts), fc.boolean()).map(([p, wrapped]) => {
          const s = encryptConfig(p, key, domains[k]);
          return wrapped ? wrap(k, s) : s;
        }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...serialized).map((p) => wrap(k, sealConfigMessage(p, key, domains[k]))),
      },
    );
  const merges = kind.chain((k) =>
    fc.record({ kind: fc.constant(k), items: fc.array(item(k), { minLength: 1, maxLength: 3 }) }),
  );

  return [
    target('config.parseConfigMessage', bytesInput(serialized), (b) =>
      typed(parseConfigMessage(b), 'parseConfigMessage'),
    ),
    target(
      'config.decrypt',
      fc.oneof(
        bytesInput(sealed),
        mutatedBytes(plaintexts).map((p) => encryptConfig(p, key, 'UserProfile')),
      ),
      (b): Outcome => {
        const d = decryptConfig(b, key, 'UserProfile');
        if (typed(d, 'decryptConfig') === 'rejected' || !d.ok) return 'rejected';
        const o = openConfigPlaintext(d.value);
        if (typed(o, 'openConfigPlaintext') === 'rejected' || !o.ok) return 'rejected';
        return typed(parseConfigMessage(o.value), 'parseConfigMessage');
      },
    ),
    target('config.merge', merges, ({ kind: k, items }): Outcome => {
      const c = create(k, id);
      const incoming: IncomingConfig[] = items.map((data, i) => ({ hash: `h${i}`, data }));
      const merged = c.merge(incoming);
      if (merged.some((h) => !incoming.some((m) => m.hash === h)))
        throw new ContractViolation(`merge returned unknown hashes ${merged.join(',')}`);
      readViews(c);
      return merged.length > 0 ? 'accepted' : 'rejected';
    }),
    target('config.loadDump', fc.tuple(kind, bytesInput(dumps)), ([k, dump]): Outcome => {
      const r =
        k === 'profile'
          ? UserProfile.load(id.ed25519SecretKey, dump)
          : Contacts.load(id.ed25519SecretKey, dump);
      if (typed(r, 'load') === 'rejected' || !r.ok) return 'rejected';
      readViews(r.value);
      return 'accepted';
    }),
  ];
}
