/**
 * Group notices that name us among the members someone else changed read as a sentence in both
 * languages ("Alice removed you", "Alice vous a retiré du groupe"), not "Alice removed You:".
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18nextResources } from '../../src/shared/i18n/index';
import { noticeText } from '../../src/renderer/messaging/group/NoticeRow';
import type { GroupNotice } from '../../src/shared/group-notice';

const ME = `05${'11'.repeat(32)}`;
const ALICE = `05${'22'.repeat(32)}`;
const BOB = `05${'33'.repeat(32)}`;
const names: Record<string, string> = { [ME]: 'You:', [ALICE]: 'Alice', [BOB]: 'Bob' };
const nameOf = (id: string) => names[id] ?? id;
const plain = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

describe('group notices that name us', () => {
  const t = i18next.createInstance();
  beforeAll(() =>
    t.init({ lng: 'en', resources: i18nextResources(), interpolation: { escapeValue: false } }),
  );
  const text = (lng: string, notice: GroupNotice) =>
    plain(noticeText(t.getFixedT(lng), notice, nameOf, ME, lng));

  it('says "you" in English and puts "vous" before the verb in French', () => {
    const removed: GroupNotice = { kind: 'members-removed', by: ALICE, members: [ME] };
    expect(text('en', removed)).toBe('Alice removed you from the group.');
    expect(text('fr', removed)).toBe('Alice vous a retiré du groupe.');
    const both: GroupNotice = { kind: 'members-removed', by: ALICE, members: [BOB, ME] };
    expect(text('en', both)).toBe('Alice removed you and Bob.');
    expect(text('fr', both)).toBe('Alice vous a retiré, ainsi que Bob.');
    const added: GroupNotice = { kind: 'members-added', by: ALICE, members: [ME], withHistory: true };
    expect(text('en', added)).toBe('Alice added you to the group and shared the message history.');
    expect(text('fr', { kind: 'promoted', by: ALICE, members: [ME] })).toBe(
      'Alice vous a nommé administrateur.',
    );
  });

  it('keeps the other wordings: others only, and our own changes', () => {
    expect(text('en', { kind: 'members-removed', by: ALICE, members: [BOB] })).toBe('Alice removed Bob.');
    expect(text('fr', { kind: 'members-removed', by: ME, members: [BOB] })).toBe('Vous avez retiré Bob.');
  });

  it('says how the group ended for us: removed, or deleted by an admin (named or not)', () => {
    expect(text('en', { kind: 'kicked', member: ME })).toBe('You were removed from the group.');
    expect(text('fr', { kind: 'kicked', member: ME })).toBe('Un administrateur vous a retiré du groupe.');
    expect(text('en', { kind: 'destroyed', by: ALICE })).toBe('Alice deleted the group.');
    expect(text('en', { kind: 'deleted', member: ME })).toBe('An admin deleted the group.');
    expect(text('fr', { kind: 'deleted', member: ME })).toBe('Un administrateur a supprimé le groupe.');
  });
});
