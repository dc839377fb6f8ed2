import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18nextResources } from '../../src/shared/i18n';
import { AttachmentMark } from '../../src/renderer/attachments/AttachmentIcons';
import { attachmentPreview } from '../../src/renderer/attachments/preview';

/** An emoji: drawn as a box on a machine without a colour-emoji font. */
const EMOJI = /\p{Extended_Pictographic}/u;

const KINDS = [
  { contentType: 'image/jpeg', voice: false },
  { contentType: 'video/mp4', voice: false },
  { contentType: 'audio/aac', voice: true },
  { contentType: 'audio/mpeg', voice: false },
  { contentType: 'application/pdf', voice: false },
] as const;

describe("the conversation list's line for an attachment", () => {
  const t = i18next.createInstance();
  beforeAll(() =>
    t.init({ lng: 'en', resources: i18nextResources(), interpolation: { escapeValue: false } }),
  );

  it('is words from the catalog, in English and French, with no emoji', async () => {
    for (const lng of ['en', 'fr'] as const) {
      await t.changeLanguage(lng);
      const lines = KINDS.map((k) => attachmentPreview(t.t, k));
      for (const line of lines) expect(line).not.toMatch(EMOJI);
      expect(new Set(lines).size).toBe(KINDS.length);
    }
    await t.changeLanguage('en');
    expect(attachmentPreview(t.t, KINDS[0])).toBe('Photo');
    expect(attachmentPreview(t.t, KINDS[2])).toBe('Voice message');
  });

  it('has a drawn mark (a microphone for a voice message, a paperclip otherwise)', () => {
    const voice = renderToStaticMarkup(<AttachmentMark voice />);
    const other = renderToStaticMarkup(<AttachmentMark voice={false} />);
    for (const html of [voice, other]) {
      expect(html).toContain('<svg');
      expect(html).toContain('aria-hidden="true"');
      expect(html).not.toMatch(EMOJI);
    }
    expect(voice).not.toBe(other);
  });
});
