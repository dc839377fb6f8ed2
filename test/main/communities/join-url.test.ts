/** Join URLs (§4.1): each way a URL can be wrong has its own error code. */
import { describe, expect, it } from 'vitest';
import { CommunityError } from '../../../src/main/communities/errors';
import { joinUrlOf, parseJoinUrl } from '../../../src/main/communities/join-url';

const PK = 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';

function codeOf(url: string): string | undefined {
  try {
    parseJoinUrl(url);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(CommunityError);
    return (e as CommunityError).code;
  }
}

describe('parseJoinUrl', () => {
  it('reads the server, room and key, canonical base URL', () => {
    const a = parseJoinUrl(`HTTPS://Open.GetSession.org:443/Main?public_key=${PK.toUpperCase()}`);
    expect(a.baseUrl).toBe('https://open.getsession.org');
    expect(a.room).toBe('Main');
    expect(a.serverPkHex).toBe(PK);
    expect(joinUrlOf(a)).toBe(`https://open.getsession.org/Main?public_key=${PK}`);
  });

  it('accepts the /r/<room> form and a port', () => {
    const a = parseJoinUrl(`http://127.0.0.1:8091/r/lobby?public_key=${PK}`);
    expect(a).toMatchObject({ baseUrl: 'http://127.0.0.1:8091', room: 'lobby' });
  });

  it.each([
    ['', 'bad-url'],
    ['not a url', 'bad-url'],
    [`ftp://host/lobby?public_key=${PK}`, 'bad-url'],
    [`http://host/?public_key=${PK}`, 'bad-url'],
    [`http://host/a/b?public_key=${PK}`, 'bad-url'],
    [`http://user:pw@host/lobby?public_key=${PK}`, 'bad-url'],
    ['http://host/lobby', 'missing-public-key'],
    ['http://host/lobby?publickey=' + PK, 'missing-public-key'],
    ['http://host/lobby?public_key=', 'bad-public-key'],
    ['http://host/lobby?public_key=1234', 'bad-public-key'],
    [`http://host/lobby?public_key=${PK.slice(0, 63)}g`, 'bad-public-key'],
    [`http://host/lobby?public_key=${PK}&public_key=${PK}`, 'bad-public-key'],
    [`http://host/lob%20by?public_key=${PK}`, 'bad-room'],
    [`http://host/${'x'.repeat(65)}?public_key=${PK}`, 'bad-room'],
    [`http://host/%E0%A4%A?public_key=${PK}`, 'bad-room'],
    [`http://${'h'.repeat(300)}/lobby?public_key=${PK}`, 'bad-url'],
  ])('%s → %s', (url, code) => {
    expect(codeOf(url)).toBe(code);
  });
});
