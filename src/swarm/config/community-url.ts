/**
 * Canonical community base URL, the dict key of communities in ConvoInfoVolatile and UserGroups
 * (libsession-util `include/session/config/community.hpp` @ 8762e9d, §1.5): lower-case scheme and
 * host, default port dropped, no path or trailing slash; base URL ≤ 267 chars.
 */
export const MAX_COMMUNITY_URL = 267;

export function canonicalCommunityUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError('invalid community URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError('community URL must be http(s)');
  // URL lower-cases scheme and host and drops the scheme's default port.
  const out = `${url.protocol}//${url.host}`;
  if (out.length > MAX_COMMUNITY_URL) throw new RangeError('community URL too long');
  return out;
}
