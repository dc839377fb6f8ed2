/**
 * Issue 20 item 5 from the command line, on a real devnet: Ann's profile (a conversation with
 * Ben, a file she sent) is exported with `export --out FILE --password-stdin`, imported with
 * `import --in FILE --password-stdin` into a new profile, which then shows the same account, the
 * history and the file, and receives Ben's next message as Ann. Refusals exit 2 with one line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { decodeRecoveryPhrase } from '../../src/crypto/recovery-phrase';
import { openCliSession } from '../../src/main/cli/core-session';
import { isMessageId } from '../../src/main/db';
import { runVeil, tempProfiles, type CliRun } from './helpers';
import { en } from '../../src/shared/i18n/en';

const PASSWORD = 'a long export password';
const History = z.array(z.object({ id: z.string(), from: z.string(), body: z.string() }).loose());

function ok(run: CliRun): string[] {
  if (run.code !== 0) console.log(run.code, run.out, run.err);
  expect(run.code).toBe(0);
  return run.out;
}

function refused(run: CliRun, text: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.err).toHaveLength(1);
  expect(run.err[0]).toMatch(text);
}

describe('export and import through the CLI (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-port-');
  let ann = '';
  let ben = '';
  let annId = '';
  let benId = '';
  let mnemonic = '';
  let out = '';
  const body = `meet at the north gate ${randomBytes(6).toString('hex')}`;
  const file = randomBytes(300_000);
  const as = (profile: string, args: string[], stdin = '') =>
    runVeil(['--profile', profile, '--network', devnet.seedUrl, ...args], stdin);

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    ann = profiles.make();
    ben = profiles.make();
    const a = JSON.parse(ok(await as(ann, ['account', 'create', '--name', 'Ann', '--json']))[0] ?? '') as {
      sessionId: string;
      mnemonic: string;
    };
    annId = a.sessionId;
    mnemonic = a.mnemonic;
    benId = (
      JSON.parse(ok(await as(ben, ['account', 'create', '--name', 'Ben', '--json']))[0] ?? '') as {
        sessionId: string;
      }
    ).sessionId;
    const attach = join(profiles.make(), 'plan.bin');
    writeFileSync(attach, file);
    ok(await as(ann, ['send', benId, body, '--attach', attach, '--json']));
    ok(await as(ben, ['receive', '--json', '--wait', '3']));
    out = join(profiles.make(), 'ann.veil');
  }, 180_000);

  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('exports a file readable by its owner only that holds no plaintext', async () => {
    refused(await as(ann, ['export', '--out', out], PASSWORD), /--password-stdin/);
    const printed = ok(
      await as(ann, ['export', '--out', out, '--password-stdin', '--json'], `${PASSWORD}\n`),
    );
    expect(JSON.parse(printed[0] ?? '')).toMatchObject({ path: out });
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(out);
    const decoded = decodeRecoveryPhrase(mnemonic);
    if (!decoded.ok) throw new Error('phrase');
    for (const needle of [
      Buffer.from(body),
      file.subarray(5000, 5064),
      Buffer.from(decoded.seed),
      Buffer.from(Buffer.from(decoded.seed).toString('hex')),
      Buffer.from(mnemonic.split(' ').slice(0, 3).join(' ')),
      readFileSync(join(ann, 'keys', 'master.key')),
    ]) {
      expect(bytes.indexOf(needle)).toBe(-1);
    }
    // Never over an existing file.
    refused(await as(ann, ['export', '--out', out, '--password-stdin'], `${PASSWORD}\n`), /exists/);
    expect(readFileSync(out).equals(bytes)).toBe(true);
  }, 120_000);

  it('refuses a wrong password and leaves the new profile empty', async () => {
    const target = profiles.make();
    refused(await as(target, ['import', '--in', out, '--password-stdin'], 'wrong password\n'), /password/);
    expect(readdirSync(target)).toEqual([]);
  }, 60_000);

  it('imports into a new profile: same account, history and file, and it keeps receiving', async () => {
    const copy = profiles.make();
    const imported = JSON.parse(
      ok(await as(copy, ['import', '--in', out, '--password-stdin', '--json'], `${PASSWORD}\n`))[0] ?? '',
    ) as { sessionId: string };
    expect(imported.sessionId).toBe(annId);
    const shown = JSON.parse(ok(await as(copy, ['account', 'show', '--json']))[0] ?? '') as {
      sessionId: string;
      displayName: string;
    };
    expect(shown).toMatchObject({ sessionId: annId, displayName: 'Ann' });
    const history = History.parse(JSON.parse(ok(await as(copy, ['history', benId, '--json']))[0] ?? ''));
    const sent = history.find((m) => m.body === body);
    expect(sent).toBeDefined();

    const cli = await openCliSession(en, copy, devnet.seedUrl);
    try {
      const id = sent?.id ?? '';
      if (!isMessageId(id)) throw new Error('message id');
      const [record] = cli.session.attachments.recordsOf(id);
      expect(record).toBeDefined();
      const read = cli.session.attachments.read(record?.id ?? '');
      expect(Buffer.from(read.data).equals(file)).toBe(true);
    } finally {
      await cli.close();
    }

    // Importing again into the same profile is refused: it has an account now.
    refused(await as(copy, ['import', '--in', out, '--password-stdin'], `${PASSWORD}\n`), /account/);

    // The imported profile is Ann on the network: Ben's next message reaches it.
    const later = `after the import ${randomBytes(4).toString('hex')}`;
    ok(await as(ben, ['send', annId, later, '--json']));
    const got = ok(await as(copy, ['receive', '--json', '--wait', '5'])).map(
      (l) => JSON.parse(l) as { body: string },
    );
    expect(got.map((m) => m.body)).toContain(later);
    expect(existsSync(join(copy, 'import.pending.json'))).toBe(false);
  }, 180_000);
});
