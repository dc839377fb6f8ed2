/**
 * Where an import is built and how it is put in place. Everything is written under
 * `<profile>/.import-<random>/` first (same file system, so moving is a rename); only a complete,
 * checked import is moved, item by item, `account.json` last — until that file exists the profile
 * has no account, and a journal (`import.pending.json`) names what was moved so that a crash half
 * way is rolled back at the next import or start, leaving the profile as empty as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ACCOUNT_FILE } from '../account/account-file';
import { DATABASE_FILE } from '../db/rekey-file';
import { HEADER_FILE } from '../keys/header';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';
import { PortabilityError } from './errors';

const STAGING_PREFIX = '.import-';
const JOURNAL = 'import.pending.json';
/** In the order they are moved: whatever makes an account, last. */
const ITEMS = ['attachments', 'avatars', DATABASE_FILE, 'settings.json', 'keys', ACCOUNT_FILE] as const;
const journalSchema = z.object({
  staging: z.string().regex(/^\.import-[0-9a-f]{16}$/),
  items: z.array(z.enum(ITEMS)),
});

/** Staging folders of imports running in this process (not leftovers to clean). */
const active = new Set<string>();

export function newStaging(profileDir: string): string {
  const dir = join(profileDir, `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  active.add(dir);
  return dir;
}

export function dropStaging(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  active.delete(dir);
}

/**
 * Finishes or undoes an import a crash interrupted, and removes staging folders left behind.
 * Safe to call at any time; does nothing in a profile that never imported.
 */
export function recoverInterruptedImport(profileDir: string): void {
  const raw = readFileIfExists(join(profileDir, JOURNAL));
  if (raw !== undefined) {
    let journal: z.infer<typeof journalSchema> | undefined;
    try {
      journal = journalSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      journal = undefined;
    }
    // Without account.json the move did not finish: what it moved goes (the profile was empty).
    if (journal !== undefined && !existsSync(join(profileDir, ACCOUNT_FILE))) {
      for (const item of journal.items) rmSync(join(profileDir, item), { recursive: true, force: true });
      for (const suffix of ['-wal', '-shm'])
        rmSync(join(profileDir, DATABASE_FILE + suffix), { force: true });
    }
    rmSync(join(profileDir, JOURNAL), { force: true });
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(profileDir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(profileDir, name);
    if (name.startsWith(STAGING_PREFIX) && !active.has(path)) rmSync(path, { recursive: true, force: true });
  }
}

/** An import goes only where no account, key or database exists yet. */
export function assertEmptyProfile(profileDir: string): void {
  for (const item of [ACCOUNT_FILE, HEADER_FILE, DATABASE_FILE]) {
    if (existsSync(join(profileDir, item))) {
      throw new PortabilityError(
        'not-empty',
        'this profile has an account already: import into a new, empty profile',
      );
    }
  }
}

/**
 * Moves the staged profile in. Folders the empty profile may already have (an attachments or
 * avatars folder made at start, a keys folder without a key) hold nothing readable without a
 * database and a key, so they are replaced.
 */
export function moveIntoPlace(staging: string, profileDir: string): void {
  assertEmptyProfile(profileDir);
  const items = ITEMS.filter((item) => existsSync(join(staging, item)));
  writeFileAtomic(join(profileDir, JOURNAL), JSON.stringify({ staging: basename(staging), items }));
  for (const item of items) {
    const target = join(profileDir, item);
    if (existsSync(target) && statSync(target).isDirectory())
      rmSync(target, { recursive: true, force: true });
    renameSync(join(staging, item), target);
  }
  rmSync(join(profileDir, JOURNAL), { force: true });
  dropStaging(staging);
}
