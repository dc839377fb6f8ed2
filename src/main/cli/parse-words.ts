/**
 * commander refuses a mistyped command line in its own English ("error: unknown option '--x'").
 * Its sentences are read back here and said from the catalog (`cliParse`), whose English is
 * commander's own; a sentence this does not know (a newer commander's) is left as it is.
 */
import type { Catalog } from '../../shared/i18n';
import { fillCatalog } from './id-words';

/** `m(i)`: the sentence's i-th part ('' when absent). */
type Said = (words: Catalog['cliParse'], m: (i: number) => string) => string;

const KNOWN: readonly (readonly [RegExp, Said])[] = [
  [/^error: unknown option '(.*)'$/, (w, m) => fillCatalog(w.unknownOption, { option: m(1) })],
  [/^error: unknown command '(.*)'$/, (w, m) => fillCatalog(w.unknownCommand, { command: m(1) })],
  [/^error: missing required argument '(.*)'$/, (w, m) => fillCatalog(w.missingArgument, { argument: m(1) })],
  [/^error: option '(.*)' argument missing$/, (w, m) => fillCatalog(w.missingOptionValue, { option: m(1) })],
  [/^error: required option '(.*)' not specified$/, (w, m) => fillCatalog(w.missingOption, { option: m(1) })],
  [
    /^error: option '(.*?)' argument '(.*)' is invalid\. (.*)$/,
    (w, m) => fillCatalog(w.invalidOptionValue, { option: m(1), value: m(2), reason: m(3) }),
  ],
  [
    /^error: command-argument value '(.*)' is invalid for argument '(.*?)'\. (.*)$/,
    (w, m) => fillCatalog(w.invalidArgumentValue, { value: m(1), argument: m(2), reason: m(3) }),
  ],
  [
    /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (w, m) =>
      fillCatalog(m(2) === '1' ? w.tooManyArgumentsOne : w.tooManyArguments, {
        where: m(1) === '' ? '' : fillCatalog(w.forCommand, { command: m(1) }),
        expected: m(2),
        received: m(3),
      }),
  ],
  [/^\(Did you mean one of (.*)\?\)$/, (w, m) => fillCatalog(w.didYouMeanOneOf, { suggestions: m(1) })],
  [/^\(Did you mean (.*)\?\)$/, (w, m) => fillCatalog(w.didYouMean, { suggestion: m(1) })],
];

/** commander's refusal (one or more lines) in `words`. */
export function parseErrorWords(words: Catalog, text: string): string {
  return text
    .split('\n')
    .map((line) => {
      for (const [pattern, said] of KNOWN) {
        const found = pattern.exec(line);
        if (found) return said(words.cliParse, (i) => found[i] ?? '');
      }
      return line;
    })
    .join('\n');
}
