/** French typography rules for catalog strings (issue #22). */

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** Units written after a number or a placeholder: they take a no-break space (U+00A0). */
const UNITS = ['%', 'o', 'Ko', 'Mo', 'Go', 'To', 's', 'ms', 'min', 'h', 'px'];
const UNIT_PATTERN = new RegExp(`(\\d)([^\\S\\n]?)(${UNITS.join('|')})(?![\\p{L}\\d’'])`, 'gu');

const visible = (c: string | undefined) =>
  c === undefined
    ? 'nothing'
    : c === ' '
      ? 'a plain space'
      : c === NBSP
        ? 'U+00A0'
        : c === NNBSP
          ? 'U+202F'
          : `“${c}”`;

/**
 * What is wrong with one French string: a mark « : ; ? ! » without a narrow no-break space
 * (U+202F) before it, guillemets without one inside, a unit without a no-break space (U+00A0)
 * after its number. Placeholders count as numbers (`{{percent}} %`); URLs and times (12:30) are
 * left alone.
 */
export function frenchTypographyProblems(text: string): string[] {
  const masked = text
    // A URL keeps its own colons and slashes; replaced by a letter of the same length.
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s]*/gi, (url) => 'u'.repeat(url.length))
    // A placeholder stands for a number (or a name): replaced by digits of the same length.
    .replace(/\{\{\s*\w+\s*\}\}/g, (p) => '9'.repeat(p.length));
  const problems: string[] = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    const before = i > 0 ? masked[i - 1] : undefined;
    const after = masked[i + 1];
    if (c === ':' || c === ';' || c === '?' || c === '!') {
      if (c === ':' && before !== undefined && /\d/.test(before) && after !== undefined && /\d/.test(after))
        continue; // a time, 12:30
      if (before !== undefined && '?!'.includes(before) && '?!'.includes(c)) continue; // « ?! »
      if (before !== NNBSP) problems.push(`${visible(before)} before “${c}” at ${i}`);
    } else if (c === '«' && after !== NNBSP) {
      problems.push(`${visible(after)} after “«” at ${i}`);
    } else if (c === '»' && before !== NNBSP) {
      problems.push(`${visible(before)} before “»” at ${i}`);
    }
  }
  for (const m of masked.matchAll(UNIT_PATTERN)) {
    const space = m[2] ?? '';
    if (space !== NBSP)
      problems.push(
        `${visible(space === '' ? undefined : space)} before the unit “${m[3]}” at ${m.index + 1 + space.length}`,
      );
  }
  return problems;
}
