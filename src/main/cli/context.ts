import type { Catalog } from '../../shared/i18n';

/** Where a CLI command writes, and in which language; injected so tests can capture output exactly. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
  /** The catalog every sentence comes from (language.ts chooses it once per run). */
  readonly words: Catalog;
}

/** The process's own streams, saying `words`. */
export const processIo = (words: Catalog): CliIo => ({
  words,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
});

/**
 * A command's failure, said in one line on stderr. Every error exits 2 (the brief), except where an
 * issue or the README says otherwise: `send` exits 1 when its message was not accepted (issue 14,
 * README), see NotSentError.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** A failure the user caused (bad input): one line on stderr, exit status 2. */
export class UsageError extends CliError {}

/** The network could not be reached within the command's time (exit 2; `send` keeps its message). */
export class UnreachableError extends CliError {}

/**
 * A message the command queued was not accepted by a swarm in time: failed, or kept queued for the
 * next run. Exit 2 for the commands that send as a side effect; `send` reports it with exit 1.
 */
export class NotSentError extends CliError {}
