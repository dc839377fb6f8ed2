/**
 * The page's entry builds, as it loads, every zod schema of every module it imports, on the
 * page's main thread before anything shows (issue #15, cold start). The first screen checks one
 * answer (`app.initialState`), so of the IPC modules only that answer's shapes (and the error
 * of a failed call) may be reached from `main.tsx` by static imports; the rest of the contract
 * (messages, attachments, the group, account and community calls) is loaded after the first
 * paint (`bridge.ts`, `vite.config.ts`'s `contract` chunk). This walks the real import graph:
 * a value import of, say, `messaging.ts` added anywhere under the entry fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { importersOf, reached, ROOT } from '../helpers/import-graph';

describe("the page's entry", () => {
  it('imports only the IPC modules of the first screen', () => {
    const ipc = [...reached('src/renderer/main.tsx')].filter((f) => f.startsWith('src/shared/ipc/')).sort();
    expect(ipc).toEqual([
      'src/shared/ipc/account-status.ts',
      'src/shared/ipc/avatar.ts',
      'src/shared/ipc/community-room.ts',
      'src/shared/ipc/conversation.ts',
      'src/shared/ipc/group-summary.ts',
      'src/shared/ipc/initial-state.ts',
      'src/shared/ipc/network.ts',
      'src/shared/ipc/result.ts',
    ]);
  });

  it("uses zod's mini build only (the full one comes with the contract, after the first paint)", () => {
    // The full build's wrappers cost the entry 16 kB and its schemas' construction; one module
    // of the first screen importing it from `zod` brings it back (vite.config.ts, `zod-classic`).
    const full = importersOf(reached('src/renderer/main.tsx'), 'zod');
    expect(full).toEqual([]);
    // The check can fail: the contract, loaded later, imports the full build.
    expect(readFileSync(join(ROOT, 'src/shared/ipc/messaging.ts'), 'utf8')).toMatch(/from 'zod';/);
  });

  it('the walk sees what it should (a deferred screen reaches the rest)', () => {
    // Guards the walk itself: the conversation view, loaded after the first paint, does import
    // messaging's schemas; if the pattern stopped matching imports, the test above would pass
    // for nothing.
    const view = reached('src/renderer/messaging/ConversationView.tsx');
    expect(view.has('src/shared/ipc/messaging.ts')).toBe(true);
  });
});

describe("schemas of the entry's modules that only the contract uses", () => {
  it('are built at their first use, not as their module loads', async () => {
    // zod calls this hook for every schema it builds (read at each construction).
    const hooked = globalThis as { __zod_globalConfig?: { postProcessor?: (schema: unknown) => void } };
    let built = 0;
    const config = (hooked.__zod_globalConfig ??= {});
    config.postProcessor = () => {
      built += 1;
    };
    try {
      vi.resetModules();
      const { disappearingChoiceSchema } = await import('../../src/shared/disappearing');
      const { notificationSchema } = await import('../../src/shared/notifications');
      const atLoad = built;
      expect(disappearingChoiceSchema.safeParse({ mode: 'after-send', seconds: 86_400 }).success).toBe(true);
      expect(disappearingChoiceSchema.safeParse({ mode: 'after-send', seconds: 7 }).success).toBe(false);
      const notification = { conversationId: `05${'a'.repeat(64)}`, count: 1, sender: null, preview: null };
      expect(notificationSchema.safeParse({ ...notification, noteToSelf: false }).success).toBe(true);
      expect(notificationSchema.safeParse(notification).success).toBe(false);
      expect(built).toBeGreaterThan(atLoad);
    } finally {
      delete config.postProcessor;
    }
  });
});
