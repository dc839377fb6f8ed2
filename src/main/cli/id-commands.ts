/**
 * `veil id new|restore`: Session identities on their own, without a profile (nothing is written).
 * Output formats are relied on by scripts: with --json, exactly one JSON line, keys in this order.
 */
import type { Command } from 'commander';
import { toHex } from '../../crypto/bytes';
import { identityFromSeed, generateSeed16, type Seed16 } from '../../crypto/keys';
import { decodeRecoveryPhrase, encodeRecoveryPhrase } from '../../crypto/recovery-phrase';
import { sodiumReady } from '../../crypto/sodium';
import { UsageError, type CliIo } from './context';
import { fillCatalog, phraseWords } from './id-words';
import type { SocksProxy } from '../network/proxy';
import type { Catalog } from '../../shared/i18n';

/** The global options every command may read (`--profile`, `--network`). */
export interface CliGlobals {
  readonly profile: string;
  readonly network: string;
  /** `--proxy` (VEIL_PROXY is read where the network is resolved). */
  readonly proxy?: SocksProxy;
  /** The language the run speaks (io.words). */
  readonly words: Catalog;
}

interface JsonFlag {
  readonly json?: boolean;
}

function describe(seed: Seed16): { sessionId: string; mnemonic: string; ed25519PublicKey: string } {
  const identity = identityFromSeed(seed);
  return {
    sessionId: identity.sessionId,
    mnemonic: encodeRecoveryPhrase(seed),
    ed25519PublicKey: toHex(identity.ed25519PublicKey),
  };
}

function print(io: CliIo, fields: ReturnType<typeof describe>, json: boolean | undefined): void {
  if (json === true) {
    io.out(JSON.stringify(fields));
    return;
  }
  const said = io.words.cliOut;
  io.out(fillCatalog(said.sessionId, { id: fields.sessionId }));
  io.out(fillCatalog(said.recoveryPhrase, { phrase: fields.mnemonic }));
  io.out(fillCatalog(said.ed25519PublicKey, { key: fields.ed25519PublicKey }));
}

/** Reads a recovery phrase from stdin; a bad one is a usage error naming the problem (exit 2). */
export async function readPhrase(io: CliIo): Promise<Seed16> {
  const decoded = decodeRecoveryPhrase(await io.readStdin());
  if (!decoded.ok) throw new UsageError(phraseWords(io.words, decoded.error));
  return decoded.seed;
}

export function registerIdCommands(program: Command, io: CliIo, _globals: () => CliGlobals): void {
  // Errors in these subcommands are thrown to runCli (exit status 2) rather than exiting the
  // process: the root's exitOverride() is set after its subcommands are built, so set ours here.
  const h = io.words.cliHelp;
  const id = program.command('id').description(h.id.description).exitOverride();

  id.command('new')
    .description(h.id.new)
    .option('--json', h.json)
    .action(async (opts: JsonFlag) => {
      await sodiumReady();
      print(io, describe(generateSeed16()), opts.json);
    });

  id.command('restore')
    .description(h.id.restore)
    .option('--json', h.json)
    .action(async (opts: JsonFlag) => {
      await sodiumReady();
      print(io, describe(await readPhrase(io)), opts.json);
    });
}
