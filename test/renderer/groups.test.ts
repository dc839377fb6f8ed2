import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupErrorCode } from '../../src/main/groups/errors';
import type { GroupMember } from '../../src/shared/ipc/groups';
import { i18nextResources } from '../../src/shared/i18n/index';
import { describeGroupError } from '../../src/renderer/groups/errors';
import { canResend, memberName, shownMembers } from '../../src/renderer/groups/member-words';
import {
  collectMembers,
  nameProblem,
  overLimit,
  splitPasted,
  type PastedCheck,
} from '../../src/renderer/groups/members-input';

const id = (n: number) => `05${n.toString(16).padStart(64, '0')}`;
const ok = (sessionId: string): PastedCheck => ({ sessionId, problem: null });
const bad = (reason: string): PastedCheck => ({
  sessionId: null,
  problem: { reason, params: { length: 10 } },
});

describe('new group members', () => {
  it('splits pasted text into pieces with their lines', () => {
    expect(splitPasted(`${id(1)}\n\n  ${id(2)}, ${id(3)}\r\nabc`)).toEqual([
      { line: 1, text: id(1) },
      { line: 3, text: id(2) },
      { line: 3, text: id(3) },
      { line: 4, text: 'abc' },
    ]);
  });

  it('tells one problem per bad piece, by line, and keeps each member once', () => {
    const pasted = splitPasted([id(2), 'abc', id(1), id(9), id(2)].join('\n'));
    const checks = new Map([
      [id(2), ok(id(2))],
      ['abc', bad('sessionId.wrong-length')],
      [id(1), ok(id(1))],
      [id(9), ok(id(9))],
    ]);
    const r = collectMembers([id(1)], pasted, checks, id(9));
    expect(r.members).toEqual([id(1), id(2)]);
    expect(r.pending).toBe(false);
    expect(r.problems).toEqual([
      { kind: 'invalid', line: 2, reason: 'sessionId.wrong-length', params: { length: 10 } },
      { kind: 'duplicate', line: 3 },
      { kind: 'self', line: 4 },
      { kind: 'duplicate', line: 5 },
    ]);
  });

  it('waits for main’s check of a piece before counting it', () => {
    const r = collectMembers([], splitPasted(id(3)), new Map(), undefined);
    expect(r).toEqual({ members: [], problems: [], pending: true });
  });

  it('counts us in the 100', () => {
    expect(overLimit(1, 99)).toBe(false);
    expect(overLimit(1, 100)).toBe(true);
    expect(overLimit(60, 41)).toBe(true);
  });

  it('checks a name: required, at most 100 characters', () => {
    expect(nameProblem('  ')).toBe('missing');
    expect(nameProblem('é'.repeat(100))).toBeUndefined();
    expect(nameProblem('👍'.repeat(101))).toBe('too-long');
  });
});

describe('group members in the panel', () => {
  const member = (n: number, patch: Partial<GroupMember> = {}): GroupMember => ({
    sessionId: id(n),
    name: '',
    admin: false,
    status: 'accepted',
    ...patch,
  });
  const contacts = new Map([
    [id(2), { sessionId: id(2), name: 'Bruno', nickname: null }],
    [id(3), { sessionId: id(3), name: 'Chloé', nickname: 'Clo' }],
  ]);

  it('names a member by nickname, contact name, group name, then short ID (as Session)', () => {
    expect(memberName(member(3, { name: 'Chloé P' }), contacts)).toBe('Clo');
    // The contact's name follows their newest profile; the group's may be an older copy.
    expect(memberName(member(2, { name: 'Bruno L' }), contacts)).toBe('Bruno');
    expect(memberName(member(2), contacts)).toBe('Bruno');
    expect(memberName(member(4, { name: 'Dina' }), contacts)).toBe('Dina');
    expect(memberName(member(4), contacts)).toBe(`${id(4).slice(0, 6)}…${id(4).slice(-4)}`);
  });

  it('lists us first, then admins, without removed members', () => {
    const list = shownMembers(
      [member(4, { name: 'Zoé' }), member(2, { admin: true }), member(5, { status: 'removed' }), member(9)],
      contacts,
      id(9),
    );
    expect(list.map((m) => m.sessionId)).toEqual([id(9), id(2), id(4)]);
  });

  it('offers Resend only for unanswered or failed invitations', () => {
    expect(canResend(member(1, { status: 'sent' }))).toBe(true);
    expect(canResend(member(1, { status: 'failed' }))).toBe(true);
    expect(canResend(member(1, { status: 'accepted' }))).toBe(false);
    expect(canResend(member(1, { status: 'removed' }))).toBe(false);
  });
});

describe('group errors in words', () => {
  const CODES: (GroupErrorCode | 'bad-picture' | 'admin-unavailable')[] = [
    'bad-group-id',
    'bad-member',
    'too-many-members',
    'bad-name',
    'unknown-group',
    'not-allowed',
    'bad-message',
    'no-key',
    'offline',
    'bad-picture',
    'admin-unavailable',
  ];
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({ lng: 'fr', resources: i18nextResources(), interpolation: { escapeValue: false } });
  });

  it('has a sentence for every reason, distinct, in French too', () => {
    const texts = CODES.map((code) =>
      describeGroupError(t.t.bind(t), { code: 'unavailable', message: 'x', reason: `group.${code}` }),
    );
    expect(new Set(texts).size).toBe(CODES.length);
    expect(texts).not.toContain(t.t('errors.unavailable'));
  });

  it('falls back to the general error for an unknown reason', () => {
    expect(describeGroupError(t.t.bind(t), { code: 'timeout', message: 'x', reason: 'group.nope' })).toBe(
      t.t('errors.timeout'),
    );
  });
});
