import { describe, expect, it } from 'vitest';
import { catalogs, type CatalogTree } from '../../src/shared/i18n';
import { frenchTypographyProblems } from './french-typography';

function leaves(tree: CatalogTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v, `${prefix}${k}.`),
  );
}

describe('French typography', () => {
  it('every string of fr.ts has U+202F before : ; ? ! and inside « », and U+00A0 before a unit', () => {
    const problems = leaves(catalogs.fr).flatMap(([key, value]) =>
      frenchTypographyProblems(value).map((p) => `${key}: ${p} in ${JSON.stringify(value)}`),
    );
    expect(problems).toEqual([]);
  });

  it('the checker catches a plain space, a missing space and a wrong kind of space', () => {
    expect(frenchTypographyProblems('Vous : {{body}}')).toEqual(['a plain space before “:” at 5']);
    expect(frenchTypographyProblems('Vous: {{body}}')).toEqual(['“s” before “:” at 4']);
    expect(frenchTypographyProblems('Prêt ?')).toEqual(['a plain space before “?” at 5']);
    expect(frenchTypographyProblems('Oui\u00a0!')).toEqual(['U+00A0 before “!” at 4']);
    expect(frenchTypographyProblems('a ; b')).toEqual(['a plain space before “;” at 2']);
    expect(frenchTypographyProblems('« mot »')).toEqual([
      'a plain space after “«” at 0',
      'a plain space before “»” at 6',
    ]);
    expect(frenchTypographyProblems('«mot»')).toEqual(['“m” after “«” at 0', '“t” before “»” at 4']);
    expect(frenchTypographyProblems('{{percent}} %')).toEqual(['a plain space before the unit “%” at 12']);
    expect(frenchTypographyProblems('5 Mo au plus')).toEqual(['a plain space before the unit “Mo” at 2']);
    expect(frenchTypographyProblems('{{seconds}}s')).toEqual(['nothing before the unit “s” at 11']);
    expect(frenchTypographyProblems('{{seconds}}\u202fs')).toEqual(['U+202F before the unit “s” at 12']);
  });

  it('the checker accepts correct French, URLs, times, placeholders and ordinary words after numbers', () => {
    const good = [
      'Vous\u202f: {{body}}',
      'Prêt\u202f?!',
      '«\u202f{{word}}\u202f»',
      '{{percent}}\u00a0%',
      'Recherche… {{seconds}}\u00a0s sur {{max}}\u00a0s',
      'PNG, 5\u00a0Mo au plus, réduite à 640 pixels.',
      'Nœud personnalisé\u202f: {{url}}',
      'Voir https://getsession.org/faq?x=1 ou http://127.0.0.1:8080/#token=abc',
      'Rendez-vous à 12:30.',
      'Ctrl+{{key}}',
      '{{count}} minutes, 1 heure, 13 mots, {{count}} ou plus, 3 s’il le faut',
    ];
    for (const text of good) expect(frenchTypographyProblems(text), text).toEqual([]);
  });
});
