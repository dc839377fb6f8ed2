/**
 * Reactions and unsends taken in by a command other than `receive`. The core announces each one
 * once, as it applies it (`messages.action`), and never again: a poll that already read it skips
 * it. `groups` and `group accept` read the whole own swarm, and every command polls while it
 * runs, so without this a reaction they took in was never printed by the next `receive`
 * (messages are, since receive reads them from the database). They wait in the profile instead.
 */
import { z } from 'zod';
import { messageActionSchema, type MessageAction } from '../../shared/ipc/messaging';
import type { VeilCore } from '../core/core';
import type { ProfileSession } from '../core/session';

const KEPT_KEY = 'cli.receive.kept-actions';
/** A profile left without `receive` for a long time keeps the newest ones only. */
const KEPT_MAX = 5_000;

/** Keeps every reaction and unsend `core` applies from now on, for the next `receive`; unsubscribes. */
export function keepActions(core: VeilCore): () => void {
  return core.events.subscribe((name, payload) => {
    if (name !== 'messages.action') return;
    const action = messageActionSchema.safeParse(payload);
    // Applied only once the account's session is open: the database is there.
    const db = core.ensureSession()?.db;
    if (!action.success || db === undefined) return;
    const kept = db.kv.get(KEPT_KEY, z.array(messageActionSchema)) ?? [];
    kept.push(action.data);
    db.kv.set(KEPT_KEY, kept.slice(-KEPT_MAX));
  });
}

/** What other commands kept, oldest first, removed from the profile as it is handed over. */
export function takeKeptActions(session: ProfileSession): MessageAction[] {
  const kept = session.db.kv.get(KEPT_KEY, z.array(messageActionSchema)) ?? [];
  session.db.kv.delete(KEPT_KEY);
  return kept;
}
