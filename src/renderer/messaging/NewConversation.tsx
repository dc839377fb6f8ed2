import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionIdCheck } from '../../shared/ipc/messaging';
import { describeError } from '../account/errors';
import { useApp } from '../store';
import { useMessaging } from './store';

/** New conversation: paste a Session ID, checked as it is typed, with precise errors. */
export function NewConversation({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const open = useMessaging((s) => s.open);
  const [text, setText] = useState('');
  const [check, setCheck] = useState<SessionIdCheck | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!bridge || text.trim() === '') return;
    let live = true;
    void bridge.invoke('sessionId.check', { text }).then((r) => {
      if (live && r.ok) setCheck(r.value);
    });
    return () => {
      live = false;
    };
  }, [bridge, text]);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!shown?.sessionId) return;
    const failure = await open(shown.sessionId);
    if (failure) setError(describeError(t, failure));
    else onClose();
  }

  // An empty field shows the help text, whatever the last check said.
  const shown = text.trim() === '' ? undefined : check;
  const problem = shown?.problem ? t(`reasons.${shown.problem.reason}`, shown.problem.params) : undefined;
  return (
    <form
      className="new-conversation"
      onSubmit={(e) => void submit(e)}
      data-testid="new-conversation"
      noValidate
    >
      <label className="field">
        <span className="field-label">{t('messaging.newTitle')}</span>
        <textarea
          className="text-input session-id-input"
          data-testid="new-session-id"
          rows={2}
          value={text}
          spellCheck={false}
          placeholder={t('messaging.newPlaceholder')}
          aria-invalid={problem !== undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <span
          className={(problem ?? error) ? 'field-error' : 'field-help'}
          role={(problem ?? error) ? 'alert' : undefined}
          data-testid="new-session-id-status"
        >
          {problem ?? error ?? t('messaging.newHelp')}
        </span>
      </label>
      <div className="onboarding-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('messaging.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="new-submit"
          disabled={!shown?.sessionId}
        >
          {t('messaging.start')}
        </button>
      </div>
    </form>
  );
}
