import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { en } from '../../src/shared/i18n/en';
import { fr } from '../../src/shared/i18n/fr';
import { listWords } from '../../src/renderer/messaging/list-words';
import { groupNameOf } from '../../src/renderer/messaging/group/names';
import type { Conversation } from '../../src/shared/ipc/messaging';

async function tIn(language: 'en' | 'fr') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language);
}

describe("the message list's words (issue #15: a page of bubbles asks i18next once per word)", () => {
  it('asks t once per word and per sender, whatever the number of bubbles', async () => {
    const t = vi.fn(await tIn('en'));
    const words = listWords(t, 'en');
    for (let i = 0; i < 12; i++) {
      expect(words.word('messaging.senderYou')).toBe(en.messaging.senderYou);
      expect(words.word('messaging.status.sent')).toBe(en.messaging.status.sent);
      words.senderName('Alice');
    }
    expect(t).toHaveBeenCalledTimes(3);
    // Another name is another sentence, isolated like the bubble's own call was.
    expect(words.senderName('Bob \u202e')).toBe(
      (await tIn('en'))('messaging.senderName', { name: '\u2068Bob \u2069' }),
    );
    expect(t).toHaveBeenCalledTimes(4);
  });

  it('says them in the language of its t', async () => {
    const words = listWords(await tIn('fr'), 'fr');
    expect(words.word('messaging.senderYou')).toBe(fr.messaging.senderYou);
    expect(words.language).toBe('fr');
  });
});

describe('group names', () => {
  it('map the conversations only when a name other than ours is asked for', () => {
    const conversations = [{ id: `05${'aa'.repeat(32)}`, name: 'Alice' }] as unknown as Conversation[];
    const map = vi.spyOn(conversations, 'map');
    const nameOf = groupNameOf(conversations, undefined, 'me', 'You');
    expect(nameOf('me')).toBe('You');
    expect(map).not.toHaveBeenCalled();
    expect(nameOf(`05${'aa'.repeat(32)}`)).toBe('Alice');
    expect(nameOf(`05${'bb'.repeat(32)}`)).toBe('05bbbb…bbbb');
    expect(map).toHaveBeenCalledTimes(1);
  });
});
