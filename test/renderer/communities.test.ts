import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommunityErrorCode } from '../../src/main/communities/errors';
import { catalogs, i18nextResources } from '../../src/shared/i18n/index';
import { describeCommunityError } from '../../src/renderer/communities/errors';
import { posterName } from '../../src/renderer/communities/PostItem';
import { mergePosts, useCommunities } from '../../src/renderer/communities/store';
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import { post } from './fake-bridge';

const CODES: CommunityErrorCode[] = [
  'bad-url',
  'missing-public-key',
  'bad-public-key',
  'bad-room',
  'unknown-room',
  'unreachable',
  'server-error',
  'invalid-response',
  'forbidden',
  'blocked',
  'requests-off',
  'not-joined',
  'bad-blinded-id',
  'unknown-message',
  'bad-message',
  'clock-out-of-sync',
  'offline',
];

describe('community posts in the window', () => {
  it('merge by id, oldest first, a changed post replacing the old one', () => {
    const merged = mergePosts([post(3), post(1)], [post(2), post(3, { deleted: true, body: '' })]);
    expect(merged.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(merged[2]?.deleted).toBe(true);
    expect(mergePosts([], [])).toEqual([]);
  });

  it('name the poster by display name, else a short blinded ID; ours is “You”', () => {
    expect(posterName(post(1, { senderName: 'Alice' }), 'You')).toBe('Alice');
    expect(posterName(post(1, { senderName: '   ' }), 'You')).toBe('15abab…abab');
    expect(posterName(post(1), 'You')).toBe('15abab…abab');
    expect(posterName(post(1, { mine: true, senderName: 'Me' }), 'You')).toBe('You');
  });
});

describe('room images in the window', () => {
  it('are read once per image id, again when the id changes; a late answer for an old id loses', async () => {
    const answers: ((url: string) => void)[] = [];
    const bridge = {
      invoke: (channel: string) => {
        expect(channel).toBe('communities.image');
        return new Promise((resolve) => {
          answers.push((url) => {
            resolve({ ok: true, value: url });
          });
        });
      },
    } as unknown as VeilBridge;
    useCommunities.setState({ bridge, images: {} });
    const { loadImage } = useCommunities.getState();
    const first = loadImage(1, '7');
    void loadImage(1, '7'); // the same id again: not read twice
    expect(answers).toHaveLength(1);
    const second = loadImage(1, '8');
    expect(answers).toHaveLength(2);
    answers[1]?.('data:image/png;base64,BBBB');
    await second;
    answers[0]?.('data:image/png;base64,AAAA');
    await first;
    expect(useCommunities.getState().images[1]).toEqual({ imageId: '8', url: 'data:image/png;base64,BBBB' });
  });
});

describe('community errors in words', () => {
  const t = i18next.createInstance();
  beforeAll(() =>
    t.init({ lng: 'en', resources: i18nextResources(), interpolation: { escapeValue: false } }),
  );

  it('give each reason of the core its own sentence, in English and in French', async () => {
    for (const lng of ['en', 'fr'] as const) {
      await t.changeLanguage(lng);
      const seen = new Set<string>();
      for (const code of CODES) {
        const text = describeCommunityError(t.t, {
          code: 'invalid-arguments',
          message: 'x',
          reason: `community.${code}`,
        });
        expect(text).toBe(catalogs[lng].communities.errors[code]);
        seen.add(text);
      }
      expect(seen.size).toBe(CODES.length);
    }
  });

  it('fall back to the general error for an unknown or missing reason', async () => {
    await t.changeLanguage('en');
    const general = catalogs.en.errors.unavailable;
    expect(describeCommunityError(t.t, { code: 'unavailable', message: 'x', reason: 'community.nope' })).toBe(
      general,
    );
    expect(describeCommunityError(t.t, { code: 'unavailable', message: 'x' })).toBe(general);
  });
});
