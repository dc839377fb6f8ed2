/** fast-check generators for the typed messages (absent rather than empty repeated fields). */
import fc from 'fast-check';
import type {
  AttachmentPointer,
  ContentMessage,
  DataMessage,
  LokiProfile,
} from '../../../src/swarm/messages';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bytes = fc.uint8Array({ maxLength: 64 });
const sessionId = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => `05${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`);
const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 });

const profile: fc.Arbitrary<LokiProfile> = fc.record(
  { displayName: text, profilePicture: text, lastProfileUpdateSeconds: u64 },
  { requiredKeys: [] },
);

const attachment: fc.Arbitrary<AttachmentPointer> = fc.record(
  {
    id: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    contentType: text,
    key: bytes,
    size: u32,
    digest: bytes,
    fileName: text,
    flags: u32,
    width: u32,
    height: u32,
    caption: text,
    url: text,
  },
  { requiredKeys: ['id'] },
);

const dataMessage: fc.Arbitrary<DataMessage> = fc.record(
  {
    body: fc.string({ unit: 'grapheme', maxLength: 400 }),
    attachments: list(attachment),
    flags: u32,
    profileKey: bytes,
    quote: fc.record(
      {
        id: u64,
        author: sessionId,
        text,
        attachments: list(
          fc.record(
            { contentType: text, fileName: text, thumbnail: attachment, flags: u32 },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ['id', 'author'] },
    ),
    preview: list(fc.record({ url: text, title: text, image: attachment }, { requiredKeys: ['url'] })),
    reaction: fc.record(
      { id: u64, author: sessionId, emoji: text, action: fc.constantFrom('REACT', 'REMOVE') },
      { requiredKeys: ['id', 'author', 'action'] },
    ),
    profile,
    communityInvitation: fc.record({ url: text, name: text }),
    syncTarget: sessionId,
    blocksCommunityMessageRequests: fc.boolean(),
    groupUpdateMessage: bytes,
  },
  { requiredKeys: [] },
);

export const content: fc.Arbitrary<ContentMessage> = fc.record(
  {
    dataMessage,
    callMessage: fc.record(
      {
        type: fc.constantFrom(
          'PRE_OFFER',
          'OFFER',
          'ANSWER',
          'PROVISIONAL_ANSWER',
          'ICE_CANDIDATES',
          'END_CALL',
        ),
        sdps: list(text),
        sdpMLineIndexes: list(u32),
        sdpMids: list(text),
        uuid: text,
      },
      { requiredKeys: ['type', 'uuid'] },
    ),
    receiptMessage: fc.record(
      { type: fc.constantFrom('DELIVERY', 'READ'), timestamp: list(u64) },
      { requiredKeys: ['type'] },
    ),
    typingMessage: fc.record({ timestamp: u64, action: fc.constantFrom('STARTED', 'STOPPED') }),
    dataExtractionNotification: fc.record(
      { type: fc.constantFrom('SCREENSHOT', 'MEDIA_SAVED'), timestamp: u64 },
      { requiredKeys: ['type'] },
    ),
    unsendRequest: fc.record({ timestamp: u64, author: sessionId }),
    messageRequestResponse: fc.record(
      { isApproved: fc.boolean(), profileKey: bytes, profile },
      { requiredKeys: ['isApproved'] },
    ),
    expirationType: fc.constantFrom('UNKNOWN', 'DELETE_AFTER_READ', 'DELETE_AFTER_SEND'),
    expirationTimer: u32,
    sigTimestamp: u64,
    proMessage: bytes,
    proSigForCommunityMessageOnly: bytes,
  },
  { requiredKeys: [] },
);

/** Just a text message, the common case. */
export const textContent: fc.Arbitrary<ContentMessage> = fc
  .string({ unit: 'grapheme', maxLength: 2000 })
  .map((body) => ({ dataMessage: { body } }));
