import {
  useEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type SubmitEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { PhraseCheck } from '../../shared/ipc/account';
import { useApp } from '../store';

const WORDS = 13;

/** Splits pasted or typed text into words (any whitespace, including tabs, newlines, NBSP). */
function splitWords(text: string): string[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/u);
}

/**
 * Restore: 13 word fields with completions from the word list, each word checked as it is
 * typed, a whole phrase pasted into any field spread over the fields, and precise errors.
 */
export function RestoreStep({
  onBack,
  onNext,
}: {
  readonly onBack: () => void;
  readonly onNext: (phrase: string) => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [fields, setFields] = useState<string[]>(() => Array<string>(WORDS).fill(''));
  const [focus, setFocus] = useState<number | null>(0);
  const [check, setCheck] = useState<PhraseCheck | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);
  const refs = useRef<(HTMLInputElement | null)[]>([]);

  useEffect(() => {
    if (!bridge) return;
    let live = true;
    void bridge.invoke('phrase.check', { words: fields, typingIndex: focus }).then((r) => {
      if (live && r.ok) setCheck(r.value);
    });
    return () => {
      live = false;
    };
  }, [bridge, fields, focus]);

  function place(start: number, words: readonly string[]) {
    const next = [...fields];
    // A whole phrase goes from the first field, whatever field it was pasted into.
    const from = words.length >= WORDS ? 0 : start;
    words.slice(0, WORDS - from).forEach((w, i) => (next[from + i] = w));
    setFields(next);
    const last = Math.min(WORDS - 1, from + words.length);
    refs.current[last]?.focus();
  }

  function onChange(i: number, value: string) {
    const words = splitWords(value);
    if (words.length > 1 || (words.length === 1 && /\s$/u.test(value))) {
      place(i, words);
      return;
    }
    const next = [...fields];
    next[i] = value.trim();
    setFields(next);
    setSubmitted(false);
  }

  function onPaste(i: number, e: ClipboardEvent<HTMLInputElement>) {
    const words = splitWords(e.clipboardData.getData('text/plain'));
    if (words.length > 1) {
      e.preventDefault();
      place(i, words);
    }
  }

  function onKeyDown(i: number, e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Backspace' && fields[i] === '' && i > 0) {
      e.preventDefault();
      refs.current[i - 1]?.focus();
    }
  }

  const complete = check?.count === WORDS && check.problem === null;

  function submit(e: SubmitEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (complete) onNext(fields.map((f) => f.trim()).join(' '));
  }

  const problem =
    check?.problem ??
    (submitted && check && check.count < WORDS
      ? { reason: 'phrase.word-count', params: { count: check.count, expected: WORDS } }
      : null);

  return (
    <form className="onboarding-body" onSubmit={submit} noValidate>
      <h1 className="onboarding-title">{t('onboarding.restoreTitle')}</h1>
      <p className="onboarding-text">{t('onboarding.restoreBody')}</p>
      <datalist id="phrase-suggestions">
        {(check?.suggestions ?? []).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="restore-grid" role="group" aria-label={t('onboarding.restoreTitle')}>
        {fields.map((value, i) => {
          const status = check?.words[i]?.status ?? 'partial';
          return (
            <label key={i} className={`restore-word restore-word-${value === '' ? 'empty' : status}`}>
              <span className="phrase-index">{i + 1}</span>
              <input
                ref={(el) => {
                  refs.current[i] = el;
                }}
                data-testid={`restore-word-${i + 1}`}
                value={value}
                list={focus === i ? 'phrase-suggestions' : undefined}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                aria-label={t('onboarding.wordNumber', { position: i + 1 })}
                aria-invalid={status === 'unknown'}
                onFocus={() => {
                  setFocus(i);
                }}
                onBlur={() => {
                  setFocus(null);
                }}
                onChange={(e) => {
                  onChange(i, e.target.value);
                }}
                onPaste={(e) => {
                  onPaste(i, e);
                }}
                onKeyDown={(e) => {
                  onKeyDown(i, e);
                }}
              />
            </label>
          );
        })}
      </div>
      <p
        className={problem ? 'field-error' : 'field-help'}
        role={problem ? 'alert' : 'status'}
        data-testid="restore-status"
        aria-live="polite"
      >
        {problem
          ? t(`reasons.${problem.reason}`, problem.params)
          : complete
            ? t('onboarding.restoreReady')
            : t('onboarding.restoreProgress', { count: check?.count ?? 0, total: WORDS })}
      </p>
      <div className="onboarding-actions">
        <button type="button" className="button button-quiet" data-testid="restore-back" onClick={onBack}>
          {t('onboarding.back')}
        </button>
        <button type="submit" className="button button-primary" data-testid="restore-submit">
          {t('onboarding.continue')}
        </button>
      </div>
    </form>
  );
}
