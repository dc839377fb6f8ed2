import type { Command } from 'commander';
import { fromHex, isHex } from '../../crypto/bytes';
import { identityFromSeed } from '../../crypto/keys';
import { decodeRecoveryPhrase } from '../../crypto/recovery-phrase';
import { sodiumReady } from '../../crypto/sodium';
import { inspectStoredMessage } from '../../swarm/messages/index';
import { UsageError, type CliIo } from './context';
import { fillCatalog, phraseWords } from './id-words';
import type { Catalog } from '../../shared/i18n';

interface InspectOptions {
  readonly ed25519Seed?: string;
  readonly phraseStdin?: boolean;
}

/** The recipient's keys from `--ed25519-seed` (16 or 32 bytes of hex) or from a phrase. */
function seedFrom(words: Catalog, opts: InspectOptions, phrase: string | undefined): Uint8Array {
  if (opts.ed25519Seed !== undefined) {
    const hex = opts.ed25519Seed.trim().toLowerCase();
    if (!isHex(hex) || (hex.length !== 32 && hex.length !== 64)) {
      throw new UsageError(words.cliErrors.seedHex);
    }
    return fromHex(hex);
  }
  const decoded = decodeRecoveryPhrase(phrase ?? '');
  if (!decoded.ok) throw new UsageError(phraseWords(words, decoded.error));
  return decoded.seed;
}

/**
 * `veil inspect message`: decodes one stored swarm message (the base64 `data` of a retrieve) for
 * the given recipient, printing the sender, both timestamps and the decoded Content as JSON.
 * With `--phrase-stdin`, the first line of stdin is the recipient's phrase, the rest the message.
 */
export function registerInspectCommand(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description(io.words.cliHelp.inspect.description)
    .command('message')
    .description(io.words.cliHelp.inspect.message)
    .option('--ed25519-seed <hex>', io.words.cliHelp.inspect.ed25519Seed)
    .option('--phrase-stdin', io.words.cliHelp.inspect.phraseStdin)
    .action(async (opts: InspectOptions) => {
      if ((opts.ed25519Seed === undefined) === (opts.phraseStdin !== true)) {
        throw new UsageError(io.words.cliErrors.seedOrPhrase);
      }
      const stdin = await io.readStdin();
      let phrase: string | undefined;
      let data = stdin;
      if (opts.phraseStdin === true) {
        const newline = stdin.indexOf('\n');
        phrase = newline < 0 ? stdin : stdin.slice(0, newline);
        data = newline < 0 ? '' : stdin.slice(newline + 1);
      }
      if (data.trim() === '') throw new UsageError(io.words.cliErrors.noStdinMessage);
      await sodiumReady();
      const ourIdentity = identityFromSeed(seedFrom(io.words, opts, phrase));
      const result = inspectStoredMessage({ ourIdentity, data });
      if (!result.ok)
        throw new UsageError(
          fillCatalog(io.words.cliErrors.cannotDecode, { reason: JSON.stringify(result.error) }),
        );
      io.out(JSON.stringify(result));
    });
}
