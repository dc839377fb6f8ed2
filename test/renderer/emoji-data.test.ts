/** The picker's data from emojibase-data: both languages, no lone skin tones, accent-free search. */
import { describe, expect, it } from 'vitest';
import { fold, loadEmojiData, searchEmoji } from '../../src/renderer/messaging/emoji-data';
import { isEmoji } from '../../src/shared/ipc/messaging';

describe('emoji data', () => {
  it('loads French and English names, groups without the skin-tone components', async () => {
    const fr = await loadEmojiData('fr-FR');
    const en = await loadEmojiData('en-US');
    expect(fr.groups.map((g) => g.name)).toContain('smileys et émotion');
    expect(en.groups.map((g) => g.name)).not.toContain('component');
    expect(fr.emoji.length).toBeGreaterThan(1500);
    expect(fr.emoji.some((e) => e.unicode === '🏻')).toBe(false);
  });

  it('finds by name or keyword, accents and ligatures folded', async () => {
    const fr = await loadEmojiData('fr');
    expect(fold('Cœur ÉCOLE')).toBe('coeur ecole');
    // Fully qualified, as other clients send them: 👍 without U+FE0F, ❤️ with it.
    expect(fr.emoji.some((e) => e.unicode === '👍')).toBe(true);
    expect(searchEmoji(fr, 'coeur rouge').map((e) => e.unicode)).toContain('❤️');
    expect(searchEmoji(await loadEmojiData('en'), 'thumbs up')[0]?.unicode).toBe('👍');
    expect(searchEmoji(fr, '   ')).toEqual([]);
  });

  it('every emoji it offers is accepted as a reaction', async () => {
    const en = await loadEmojiData('en');
    expect(en.emoji.filter((e) => !isEmoji(e.unicode)).map((e) => e.unicode)).toEqual([]);
  });
});
