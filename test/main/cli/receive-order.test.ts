/**
 * `receive` listens before the core's first poll. A reaction or an unsend is printed only as it
 * is applied (it is not kept to be listed later), so one applied while the session starts, before
 * `receive` subscribed, would be lost for good. The core here announces one right as its session
 * starts, the earliest a first poll could: `receive` must print it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDevnet, type Devnet } from '../../../devnet/index';
import type { SessionId } from '../../../src/crypto/keys';
import type { MessageAction } from '../../../src/shared/ipc/messaging';
import { runCli } from '../../../src/main/cli/main';
import { VeilCore } from '../../../src/main/core/core';
import { capture, createAccount, tempProfiles } from '../../cli/helpers';

describe('veil receive hears what the first poll applies', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-receive-order-');
  let ann: string;
  const benId = `05${'b'.repeat(64)}` as SessionId;

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 6 });
    ann = profiles.make();
    await createAccount(ann, 'Ann');
  }, 60_000);
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  /** Makes the core announce `action` from inside the start of its session (once). */
  function announceAtSessionStart(action: MessageAction): void {
    // The real method, called on the core the spy is called on.
    const start = Object.getOwnPropertyDescriptor(VeilCore.prototype, 'ensureSession')?.value as (
      this: VeilCore,
    ) => ReturnType<VeilCore['ensureSession']>;
    let announced = false;
    vi.spyOn(VeilCore.prototype, 'ensureSession').mockImplementation(function (this: VeilCore) {
      const session = start.call(this);
      if (session && !announced) {
        announced = true;
        this.domain.emit({ type: 'message.action', action });
      }
      return session;
    });
  }

  it('prints a reaction applied as the session starts, in JSON', async () => {
    announceAtSessionStart({
      kind: 'reaction',
      conversationId: benId,
      messageId: 'm-1',
      emoji: '👍',
      from: benId,
      removed: false,
    });
    const c = capture();
    const code = await runCli(
      ['--profile', ann, '--network', devnet.seedUrl, 'receive', '--wait', '0', '--json'],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { kind: 'reaction', messageId: 'm-1', emoji: '👍', from: benId, removed: false },
    ]);
  }, 60_000);

  it('prints an unsend applied as the session starts, in words', async () => {
    announceAtSessionStart({ kind: 'unsend', conversationId: benId, messageId: 'm-2', from: benId });
    const c = capture();
    const code = await runCli(
      ['--profile', ann, '--network', devnet.seedUrl, 'receive', '--wait', '0'],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out).toEqual([`${benId} deleted m-2 for everyone`]);
  }, 60_000);
});
