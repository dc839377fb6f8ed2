import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/main/cli/context';
import { runCli } from '../../../src/main/cli/main';
import { fromHex } from '../../../src/crypto/bytes';
import { asSeed16 } from '../../../src/crypto/keys';
import { encodeRecoveryPhrase } from '../../../src/crypto/recovery-phrase';
import { sodiumReady } from '../../../src/crypto/sodium';
import { readVectorText } from '../../vectors/files';
import { en } from '../../../src/shared/i18n/en';

interface Vector {
  id: string;
  inputs: Record<string, string | number>;
  expected: Record<string, string | number>;
}
const vectors = JSON.parse(readVectorText('identity.json')) as {
  vectors: Vector[];
};
const wire = vectors.vectors.find((v) => v.id === 'wire-1o1-A-to-B');
if (!wire) throw new Error('vector wire-1o1-A-to-B is missing');

function capture(stdin: string) {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const cli: CliIo = {
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    readStdin: () => Promise.resolve(stdin),
    words: en,
  };
  return { cli, outLines, errLines };
}

describe('veil inspect message', () => {
  const data = String(wire.expected.websocket_message_base64);
  const seed = String(wire.inputs.recipient_ed25519_seed32_hex);

  it('decodes the wire vector with the recipient seed: sender, timestamps and Content', async () => {
    const { cli, outLines } = capture(`${data}\n`);
    expect(await runCli(['inspect', 'message', '--ed25519-seed', seed], cli)).toBe(0);
    expect(outLines).toHaveLength(1);
    const result = JSON.parse(outLines[0]!) as Record<string, unknown>;
    expect(result.sender).toBe(wire.expected.decoded_sender_session_id);
    expect(result.envelopeTimestamp).toBe(wire.expected.decoded_envelope_timestamp_ms);
    expect(result.contentTimestamp).toBe(wire.expected.decoded_content_sigTimestamp_ms);
    expect(result.content).toMatchObject({ dataMessage: { body: wire.inputs.body_utf8 } });
  });

  it('takes the recipient phrase from the first line of stdin', async () => {
    await sodiumReady();
    const phrase = encodeRecoveryPhrase(asSeed16(fromHex(seed.slice(0, 32))));
    const { cli, outLines } = capture(`${phrase}\n${data}\n`);
    expect(await runCli(['inspect', 'message', '--phrase-stdin'], cli)).toBe(0);
    expect(JSON.parse(outLines[0]!)).toMatchObject({ sender: wire.expected.decoded_sender_session_id });
  });

  it('refuses the wrong recipient key, a bad seed and an empty stdin with status 2', async () => {
    const other = capture(data);
    expect(await runCli(['inspect', 'message', '--ed25519-seed', 'ab'.repeat(32)], other.cli)).toBe(2);
    expect(other.errLines).toHaveLength(1);
    const bad = capture(data);
    expect(await runCli(['inspect', 'message', '--ed25519-seed', 'xyz'], bad.cli)).toBe(2);
    const empty = capture('');
    expect(await runCli(['inspect', 'message', '--ed25519-seed', seed], empty.cli)).toBe(2);
    const corrupt = capture(`${data.slice(0, 40)}AAAA${data.slice(44)}`);
    expect(await runCli(['inspect', 'message', '--ed25519-seed', seed], corrupt.cli)).toBe(2);
  });
});
