/**
 * The language the command line speaks, chosen once per run from the environment as any POSIX
 * program chooses it (LC_ALL, then LC_MESSAGES, then LANG; the first one set and not empty wins),
 * and handed down to every command with its io. JSON output, command and option names and exit
 * codes do not depend on it: scripts read those.
 */
import { catalogs, type Catalog, type Language } from '../../shared/i18n';

/** The language of a locale name such as `fr_FR.UTF-8` or `fr`: French, else English (`C`, `POSIX`, `de_DE`…). */
export function cliLanguage(env: NodeJS.ProcessEnv): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^fr(?:[_.@-]|$)/i.test(locale) ? 'fr' : 'en';
}

/** The catalog the command line says its words from. */
export function cliWords(env: NodeJS.ProcessEnv): Catalog {
  return catalogs[cliLanguage(env)];
}
