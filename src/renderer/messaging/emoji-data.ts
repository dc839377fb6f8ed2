/**
 * The full emoji list for the picker, from emojibase-data (Unicode's CLDR names in English and
 * French). Loaded only when the picker first opens — a separate chunk of about 600 kB that cold
 * start never reads — and kept for the session.
 */
import { normalizeEmoji } from '../../shared/ipc/messaging';

export interface PickerEmoji {
  readonly unicode: string;
  readonly label: string;
  readonly tags: readonly string[];
  readonly group: number;
}

export interface EmojiData {
  readonly emoji: readonly PickerEmoji[];
  /** Group names by group number, in order (the "component" group, skin tones alone, left out). */
  readonly groups: readonly { readonly id: number; readonly name: string; readonly sample: string }[];
}

/** emojibase's group number for lone skin-tone and hair components, never a reaction. */
const COMPONENT_GROUP = 2;

const cache = new Map<string, Promise<EmojiData>>();

async function load(lang: 'en' | 'fr'): Promise<EmojiData> {
  const [list, messages] =
    lang === 'fr'
      ? await Promise.all([
          import('emojibase-data/fr/compact.json'),
          import('emojibase-data/fr/messages.json'),
        ])
      : await Promise.all([
          import('emojibase-data/en/compact.json'),
          import('emojibase-data/en/messages.json'),
        ]);
  const emoji = list.default
    .filter((e) => e.group !== undefined && e.group !== COMPONENT_GROUP)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((e) => ({
      unicode: normalizeEmoji(e.unicode),
      label: e.label,
      tags: e.tags ?? [],
      group: e.group ?? 0,
    }));
  const groups = messages.default.groups
    .filter((g) => g.order !== COMPONENT_GROUP)
    .map((g) => ({
      id: g.order,
      name: g.message,
      sample: emoji.find((e) => e.group === g.order)?.unicode ?? '',
    }))
    .filter((g) => g.sample !== '');
  return { emoji, groups };
}

export function loadEmojiData(language: string): Promise<EmojiData> {
  const lang = language.startsWith('fr') ? 'fr' : 'en';
  let p = cache.get(lang);
  if (p === undefined) {
    p = load(lang);
    cache.set(lang, p);
    // A failed load (an interrupted chunk) may be tried again next time.
    p.catch(() => cache.delete(lang));
  }
  return p;
}

/** Lower case without accents: "ecole" finds "école", "coeur" finds "cœur". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').toLowerCase();
}

export function searchEmoji(data: EmojiData, query: string, limit = 160): PickerEmoji[] {
  const q = fold(query.trim());
  if (q === '') return [];
  const out: PickerEmoji[] = [];
  for (const e of data.emoji) {
    if (fold(e.label).includes(q) || e.tags.some((t) => fold(t).startsWith(q))) out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}
