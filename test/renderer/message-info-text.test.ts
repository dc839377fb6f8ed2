import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18nextResources } from '../../src/shared/i18n';
import { attachmentsInfo, disappearsInfo } from '../../src/renderer/messaging/info-text';

const photo = { fileName: 'photo.png', contentType: 'image/png', voice: false, size: 6321 };
const pdf = { fileName: 'rapport-annuel.pdf', contentType: 'application/pdf', voice: false, size: 45 };
const voice = { fileName: null, contentType: 'audio/aac', voice: true, size: 12_400 };

describe('the Message info panel’s Attachments row', () => {
  const t = i18next.createInstance();
  beforeAll(() =>
    t.init({ lng: 'en', resources: i18nextResources(), interpolation: { escapeValue: false } }),
  );

  it('says None only for a message without attachments', async () => {
    await t.changeLanguage('en');
    expect(attachmentsInfo(t.t, [], 'en')).toBe('None');
    expect(attachmentsInfo(t.t, [photo], 'en')).not.toBe('None');
  });

  it('names each file with its size, one a line, in English and French', async () => {
    await t.changeLanguage('en');
    expect(attachmentsInfo(t.t, [photo, pdf], 'en')).toBe(
      'photo.png (6.3\u00a0kB)\nrapport-annuel.pdf (45\u00a0B)',
    );
    await t.changeLanguage('fr');
    expect(attachmentsInfo(t.t, [photo, pdf], 'fr')).toBe(
      'photo.png (6,3\u00a0Ko)\nrapport-annuel.pdf (45\u00a0o)',
    );
  });

  it('calls a voice message a voice message, not by a file name', async () => {
    await t.changeLanguage('fr');
    expect(attachmentsInfo(t.t, [voice], 'fr')).toBe('Message vocal (12,4\u00a0Ko)');
  });
});

describe('the Message info panel’s Disappears row', () => {
  const t = i18next.createInstance();
  beforeAll(() =>
    t.init({ lng: 'en', resources: i18nextResources(), interpolation: { escapeValue: false } }),
  );

  it('answers “Disappears” with No / Non for a message that does not disappear', async () => {
    await t.changeLanguage('en');
    expect(disappearsInfo(t.t, { mode: 'off' })).toBe('No');
    await t.changeLanguage('fr');
    expect(disappearsInfo(t.t, { mode: 'off' })).toBe('Non');
  });

  it('gives the timer of a message that disappears', async () => {
    await t.changeLanguage('fr');
    expect(disappearsInfo(t.t, { mode: 'after-send', seconds: 300 })).toBe('Après l’envoi, 5\u00a0minutes');
  });
});
