import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store';
import { SHORTCUT_GROUPS, type Key } from './shortcut-list';

/** Every shortcut, grouped, in the user's language (⌘ for Ctrl on macOS). */
export function ShortcutList({ headingLevel = 3 }: { readonly headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const mac = useApp((s) => s.info?.platform === 'darwin');
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const label = (key: Key) =>
    'literal' in key ? key.literal : t(mac && key.label === 'shortcuts.ctrl' ? 'shortcuts.cmd' : key.label);
  return (
    <div className="shortcut-groups" data-testid="shortcut-list">
      {SHORTCUT_GROUPS.map((group) => (
        <section key={group.title} className="shortcut-group">
          <Heading className="shortcut-group-title">{t(group.title)}</Heading>
          <dl className="facts shortcuts">
            {group.items.map((s) => (
              <Fragment key={s.id}>
                <dt>{t(s.what)}</dt>
                <dd data-testid={`shortcut-${s.id}`}>
                  {s.combos.map((combo, i) => (
                    <Fragment key={i}>
                      {i > 0 && <span className="shortcut-or"> {t('shortcuts.or')} </span>}
                      {combo.map((key, j) => (
                        <Fragment key={j}>
                          {j > 0 && ' + '}
                          <kbd>{label(key)}</kbd>
                        </Fragment>
                      ))}
                    </Fragment>
                  ))}
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
