/**
 * `--help` in the run's language: commander writes its headings ("Usage:", "Options:"…) and an
 * option's "(default: …)" in English itself; these hooks say them from the catalog. Command,
 * option and argument names, and default values, stay as they are typed.
 */
import { Help, type Argument, type Option } from 'commander';
import type { Catalog } from '../../shared/i18n';
import { fillCatalog } from './id-words';

/** The extras commander adds after a description, in `words`: choices and a default worth showing. */
function withExtras(
  words: Catalog['cliHelp'],
  description: string,
  choices: readonly string[] | undefined,
  shown: { value: unknown; description: string | undefined } | undefined,
): string {
  const extras: string[] = [];
  if (choices !== undefined)
    extras.push(fillCatalog(words.choices, { values: choices.map((c) => JSON.stringify(c)).join(', ') }));
  if (shown !== undefined)
    extras.push(fillCatalog(words.defaultValue, { value: shown.description ?? JSON.stringify(shown.value) }));
  if (extras.length === 0) return description;
  const said = `(${extras.join(', ')})`;
  return description === '' ? said : `${description} ${said}`;
}

export function helpInWords(words: Catalog): Partial<Help> {
  const h = words.cliHelp;
  const titles: Readonly<Record<string, string>> = {
    'Usage:': h.usage,
    'Arguments:': h.arguments,
    'Options:': h.options,
    'Global Options:': h.globalOptions,
    'Commands:': h.commands,
  };
  return {
    // French puts a no-break space before « : » and between a number and its unit; commander
    // wraps at any \s, which would begin a line with « : ». Kept whole while it wraps.
    boxWrap(this: Help, text: string, width: number): string {
      const kept = text.replace(/\u202f/g, '\ue000').replace(/\u00a0/g, '\ue001');
      return Help.prototype.boxWrap
        .call(this, kept, width)
        .replace(/\ue000/g, '\u202f')
        .replace(/\ue001/g, '\u00a0');
    },
    styleTitle: (title: string) => titles[title] ?? title,
    optionDescription: (option: Option) => {
      // As commander decides: a value option's default, or a boolean's when it is a boolean.
      const showDefault =
        option.defaultValue !== undefined &&
        (option.required ||
          option.optional ||
          (option.isBoolean() && typeof option.defaultValue === 'boolean'));
      return withExtras(
        h,
        option.description,
        option.argChoices,
        showDefault ? { value: option.defaultValue, description: option.defaultValueDescription } : undefined,
      );
    },
    argumentDescription: (argument: Argument) =>
      withExtras(
        h,
        argument.description,
        argument.argChoices,
        argument.defaultValue !== undefined
          ? { value: argument.defaultValue, description: argument.defaultValueDescription }
          : undefined,
      ),
  };
}
