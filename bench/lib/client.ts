import { Child } from './child';
import type { BenchContext } from './context';
import type { CoreCommands, OpenOptions, OpenResult } from './protocol';

/** A messaging client: one core in its own process, on its own profile. */
export interface Client {
  readonly name: string;
  readonly child: Child<CoreCommands>;
  readonly profileDir: string;
  readonly sessionId: string;
  readonly opened: OpenResult;
}

export async function startClient(
  ctx: BenchContext,
  name: string,
  options: { readonly profileDir?: string; readonly pollIntervalMs?: number; readonly phrase?: string },
  child = new Child<CoreCommands>(name, ctx.bundle.coreProcess),
): Promise<Client> {
  const profileDir = options.profileDir ?? ctx.tempDir(name);
  const open: OpenOptions = {
    profileDir,
    seedUrl: ctx.seedUrl,
    displayName: name,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.phrase !== undefined ? { phrase: options.phrase } : {}),
  };
  try {
    const opened = await child.call('open', open);
    return { name, child, profileDir, sessionId: opened.sessionId, opened };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Closes the core and opens it again in the same process with another polling cadence. */
export async function reopen(ctx: BenchContext, c: Client, pollIntervalMs?: number): Promise<Client> {
  await c.child.call('close', null);
  return startClient(
    ctx,
    c.name,
    { profileDir: c.profileDir, ...(pollIntervalMs ? { pollIntervalMs } : {}) },
    c.child,
  );
}
