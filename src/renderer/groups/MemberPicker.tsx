import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/ipc/messaging';
import { contactName } from '../messaging/format';
import { useApp } from '../store';
import {
  collectMembers,
  overLimit,
  splitPasted,
  type PastedCheck,
  type PastedProblem,
} from './members-input';

/** One problem of the pasted IDs, in words, with its line. */
export function problemText(t: TFunction, p: PastedProblem): string {
  switch (p.kind) {
    case 'invalid':
      return t('groups.idProblem', {
        line: p.line,
        problem: t(`reasons.${p.reason}`, { ...p.params, defaultValue: t('errors.invalid-arguments') }),
      });
    case 'duplicate':
      return t('groups.idDuplicate', { line: p.line });
    case 'self':
      return t('groups.idSelf', { line: p.line });
  }
}

export interface MemberChoice {
  readonly members: readonly string[];
  /** Some pasted text is wrong or not checked yet: the form cannot be sent. */
  readonly blocked: boolean;
}

/**
 * Members chosen from the contacts (with a filter) and pasted Account IDs, checked as they are
 * typed; a counter "n / 100" counts us too. `exclude`: those already in the group.
 */
export function MemberPicker({
  id,
  onChange,
  exclude = [],
  existing = 1,
  disabled = false,
}: {
  readonly id: string;
  readonly onChange: (choice: MemberChoice) => void;
  readonly exclude?: readonly string[];
  /** Members the group has already, us included (1 for a new group). */
  readonly existing?: number;
  readonly disabled?: boolean;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const account = useApp((s) => s.account);
  const ownId = account?.state === 'ready' ? account.sessionId : undefined;
  const [contacts, setContacts] = useState<readonly Contact[]>([]);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [pastedText, setPastedText] = useState('');
  const [checks, setChecks] = useState<ReadonlyMap<string, PastedCheck>>(new Map());

  useEffect(() => {
    void bridge?.invoke('contacts.list', {}).then((r) => {
      if (r.ok) setContacts(r.value.filter((c) => !c.blocked));
    });
  }, [bridge]);

  const pasted = useMemo(() => splitPasted(pastedText), [pastedText]);
  // Main checks each new piece once (precise reasons: a wrong character, a wrong length…).
  useEffect(() => {
    if (!bridge) return;
    const missing = [...new Set(pasted.map((p) => p.text))].filter((text) => !checks.has(text)).slice(0, 200);
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map(async (text) => {
        const r = await bridge.invoke('sessionId.check', { text: text.slice(0, 400) });
        return [text, r.ok ? r.value : { sessionId: null, problem: null }] as const;
      }),
    ).then((found) => {
      if (!live) return;
      setChecks((old) => new Map([...old, ...found]));
    });
    return () => {
      live = false;
    };
  }, [bridge, pasted, checks]);

  const excluded = useMemo(() => new Set(exclude), [exclude]);
  const { members, problems, pending } = collectMembers(selected, pasted, checks, ownId);
  const chosen = members.filter((m) => !excluded.has(m));
  const count = existing + chosen.length;
  const over = overLimit(existing, chosen.length);
  const blocked = problems.length > 0 || pending || over;
  const key = `${chosen.join(',')}|${String(blocked)}`;
  const report = useMemo(() => ({ members: chosen, blocked }), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    onChange(report);
  }, [report, onChange]);

  const needle = filter.trim().toLowerCase();
  const shown = contacts.filter(
    (c) =>
      !excluded.has(c.sessionId) &&
      (needle === '' || contactName(c).toLowerCase().includes(needle) || c.sessionId.includes(needle)),
  );

  return (
    <fieldset className="group-members" disabled={disabled} data-testid={`${id}-members`}>
      <legend className="field-label group-members-legend">
        {t('groups.members')}{' '}
        <span
          className={over ? 'group-counter group-counter-over' : 'group-counter'}
          data-testid={`${id}-counter`}
          aria-label={t('groups.counterLabel', { n: count })}
        >
          {t('groups.counter', { n: count })}
        </span>
      </legend>
      <label className="field">
        <span className="field-label">{t('groups.filterContacts')}</span>
        <input
          type="search"
          className="text-input"
          value={filter}
          data-testid={`${id}-filter`}
          onChange={(e) => {
            setFilter(e.target.value);
          }}
        />
      </label>
      {contacts.length === 0 ? (
        <p className="field-help">{t('groups.noContacts')}</p>
      ) : shown.length === 0 ? (
        <p className="field-help">{t('groups.noMatch')}</p>
      ) : (
        <ul className="group-contact-list" data-testid={`${id}-contacts`}>
          {shown.map((c) => (
            <li key={c.sessionId}>
              <label className="group-contact">
                <input
                  type="checkbox"
                  checked={selected.includes(c.sessionId)}
                  data-testid={`${id}-contact-${c.sessionId}`}
                  onChange={(e) => {
                    const on = e.target.checked;
                    setSelected((s) => (on ? [...s, c.sessionId] : s.filter((x) => x !== c.sessionId)));
                  }}
                />
                <span dir="auto">{contactName(c)}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label className="field-label" htmlFor={`${id}-paste`}>
          {t('groups.pasteIds')}
        </label>
        <textarea
          id={`${id}-paste`}
          className="text-input session-id-input"
          rows={3}
          spellCheck={false}
          value={pastedText}
          aria-invalid={problems.length > 0}
          aria-describedby={`${id}-paste-status`}
          data-testid={`${id}-paste`}
          onChange={(e) => {
            setPastedText(e.target.value);
          }}
        />
        <div id={`${id}-paste-status`} aria-live="polite" data-testid={`${id}-paste-status`}>
          {problems.length === 0 ? (
            <span className="field-help">{over ? t('groups.tooMany') : t('groups.pasteHelp')}</span>
          ) : (
            <ul className="field-error group-problems">
              {problems.map((p, i) => (
                // The same line may hold two problems: the index keeps the keys apart.
                <li key={i}>{problemText(t, p)}</li>
              ))}
            </ul>
          )}
          {problems.length > 0 && over && <span className="field-error">{t('groups.tooMany')}</span>}
        </div>
      </div>
    </fieldset>
  );
}
