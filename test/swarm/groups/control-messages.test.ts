/** GroupUpdate* messages: round trips, the invite's admin signature, and malformed input refused. */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/crypto/bytes';
import { identityFromSeed } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { controlSignedText, signControl, verifyControl } from '../../../src/swarm/groups/control-signatures';
import { decodeGroupUpdate, encodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { groupKeyPairFromSeed } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData, verifyMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { GroupUpdateMessageType } from '../../../src/swarm/messages/schema';

await sodiumReady();

const group = groupKeyPairFromSeed(new Uint8Array(32).fill(8));
const invitee = identityFromSeed(new Uint8Array(16).fill(2));
const TS = 1_700_000_000_123;

describe('GroupUpdate messages', () => {
  it('carries an invitation the invitee can check end to end', () => {
    const bytes = encodeGroupUpdate({
      inviteMessage: {
        groupSessionId: group.groupId,
        name: 'Les tomates',
        memberAuthData: makeMemberAuthData(group, invitee.sessionId),
        adminSignature: signControl(controlSignedText.invite(invitee.sessionId, TS), group),
      },
    });
    const d = decodeGroupUpdate(bytes);
    expect(d.ok).toBe(true);
    if (!d.ok || !d.value.inviteMessage) throw new Error('no invite');
    const inv = d.value.inviteMessage;
    expect(inv.name).toBe('Les tomates');
    const pk = group.publicKey;
    expect(verifyControl(controlSignedText.invite(invitee.sessionId, TS), inv.adminSignature, pk)).toBe(true);
    expect(verifyControl(controlSignedText.invite(invitee.sessionId, TS + 1), inv.adminSignature, pk)).toBe(
      false,
    );
    expect(verifyMemberAuthData(group.groupId, invitee.ed25519SecretKey, inv.memberAuthData)).toBe(true);
  });

  it('round-trips the other kinds', () => {
    const change = {
      memberChangeMessage: {
        type: 'REMOVED' as const,
        memberSessionIds: [invitee.sessionId],
        adminSignature: new Uint8Array(64).fill(1),
      },
    };
    const d = decodeGroupUpdate(encodeGroupUpdate(change));
    expect(d.ok && d.value.memberChangeMessage?.memberSessionIds).toEqual([invitee.sessionId]);
    const r = decodeGroupUpdate(encodeGroupUpdate({ inviteResponse: { isApproved: true } }));
    expect(r.ok && r.value.inviteResponse?.isApproved).toBe(true);
    const left = decodeGroupUpdate(encodeGroupUpdate({ memberLeftMessage: {} }));
    expect(left.ok && left.value.memberLeftMessage).toEqual({});
    // Field numbers are the proto's: inviteResponse is field 6, isApproved field 1 → 32 02 08 01.
    expect(toHex(encodeGroupUpdate({ inviteResponse: { isApproved: true } }))).toBe('32020801');
  });

  it('refuses malformed updates', () => {
    const raw = (o: Record<string, unknown>): Uint8Array =>
      GroupUpdateMessageType.encode(GroupUpdateMessageType.fromObject(o)).finish();
    const shortAuth = raw({
      inviteMessage: {
        groupSessionId: group.groupId,
        name: 'x',
        memberAuthData: new Uint8Array(99),
        adminSignature: new Uint8Array(64),
      },
    });
    expect(decodeGroupUpdate(shortAuth).ok).toBe(false);
    const notGroup = raw({
      inviteMessage: {
        groupSessionId: invitee.sessionId,
        name: 'x',
        memberAuthData: new Uint8Array(100),
        adminSignature: new Uint8Array(64),
      },
    });
    expect(decodeGroupUpdate(notGroup).ok).toBe(false);
    expect(decodeGroupUpdate(raw({ inviteResponse: { isApproved: true }, memberLeftMessage: {} })).ok).toBe(
      false,
    );
    expect(decodeGroupUpdate(new Uint8Array()).ok).toBe(false);
    expect(decodeGroupUpdate(Uint8Array.of(0x0a, 0xff)).ok).toBe(false);
  });
});
