/** What counts as a community invitation worth a card: hostile or broken ones stay plain (or are dropped). */
import { describe, expect, it } from 'vitest';
import { bodyWithInvitation, invitationOf } from '../../../src/main/messaging/community-invitation';

const KEY = 'ab'.repeat(32);
const URL_OK = `https://open.getsession.org/session?public_key=${KEY}`;

describe('invitationOf', () => {
  it('takes Session’s shape: a name and an http(s) URL with ?public_key=', () => {
    expect(invitationOf({ communityInvitation: { name: ' Session ', url: URL_OK } })).toEqual({
      name: 'Session',
      url: URL_OK,
    });
    expect(
      invitationOf({ communityInvitation: { name: 'x', url: `http://1.2.3.4/r?public_key=${KEY}` } }),
    ).toBeDefined();
  });

  it.each([
    ['no key', { name: 'a', url: 'https://x.invalid/r' }],
    ['short key', { name: 'a', url: 'https://x.invalid/r?public_key=abcd' }],
    ['javascript:', { name: 'a', url: `javascript:alert(1)//?public_key=${KEY}` }],
    ['file:', { name: 'a', url: `file:///etc/passwd?public_key=${KEY}` }],
    ['blank name', { name: '   ', url: URL_OK }],
    ['huge name', { name: 'n'.repeat(201), url: URL_OK }],
    ['huge url', { name: 'a', url: `${URL_OK}&x=${'y'.repeat(2000)}` }],
  ])('refuses %s', (_what, inv) => {
    expect(invitationOf({ communityInvitation: inv })).toBeUndefined();
  });

  it('a message without one has none', () => {
    expect(invitationOf({ body: 'bonjour' })).toBeUndefined();
    expect(invitationOf(undefined)).toBeUndefined();
  });

  it('a message with text keeps its text; an invitation alone is stored with its URL', () => {
    const inv = { name: 'Session', url: URL_OK };
    expect(bodyWithInvitation('hello', inv)).toBe('hello');
    expect(bodyWithInvitation('', inv)).toBe(URL_OK);
    expect(bodyWithInvitation(undefined, undefined)).toBeUndefined();
  });
});
