import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../messaging/Avatar';
import { useAvatar, useAvatars } from '../messaging/useAvatar';
import { useApp } from '../store';
import { describeError } from './errors';
import { AVATAR_TYPES, checkAvatarFile, reencodeAvatar } from './avatar-image';

type Status =
  | { readonly kind: 'idle' | 'busy' | 'updated' | 'removed' }
  | { readonly kind: 'error'; readonly text: string };

/** Settings → Account: our profile picture, chosen from a file, encrypted and uploaded by main. */
export function AvatarCard({
  sessionId,
  name,
}: {
  readonly sessionId: string;
  readonly name: string | null;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const picture = useAvatar(sessionId);
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again fires again
    if (!file || !bridge) return;
    const problem = checkAvatarFile(file);
    if (problem) {
      setStatus({ kind: 'error', text: t(`avatar.errors.${problem}`) });
      return;
    }
    setStatus({ kind: 'busy' });
    let image: string;
    try {
      image = await reencodeAvatar(file);
    } catch {
      setStatus({ kind: 'error', text: t('avatar.errors.unreadable') });
      return;
    }
    const r = await bridge.invoke('avatar.set', { image });
    if (r.ok) {
      useAvatars.getState().set(sessionId, r.value.dataUrl);
      setStatus({ kind: 'updated' });
    } else setStatus({ kind: 'error', text: describeError(t, r.error) });
  }

  async function remove() {
    const r = await bridge?.invoke('avatar.remove', {});
    if (r?.ok) {
      useAvatars.getState().set(sessionId, null);
      setStatus({ kind: 'removed' });
    } else if (r) setStatus({ kind: 'error', text: describeError(t, r.error) });
  }

  const busy = status.kind === 'busy';
  return (
    <div className="card" data-testid="avatar-card">
      <h3 className="card-title">{t('avatar.title')}</h3>
      <p className="card-text">{t('avatar.explain')}</p>
      <div className="avatar-card-row">
        <Avatar sessionId={sessionId} name={name} size={5.5} />
        <div>
          <div className="avatar-card-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="avatar-choose"
              disabled={busy}
              onClick={() => input.current?.click()}
            >
              {picture ? t('avatar.change') : t('avatar.choose')}
            </button>
            {picture && (
              <button
                type="button"
                className="button"
                data-testid="avatar-remove"
                disabled={busy}
                onClick={() => void remove()}
              >
                {t('avatar.remove')}
              </button>
            )}
          </div>
          <p className="field-help">{t('avatar.hint')}</p>
        </div>
      </div>
      <input
        ref={input}
        className="avatar-file-input"
        type="file"
        accept={AVATAR_TYPES.join(',')}
        tabIndex={-1}
        aria-hidden="true"
        data-testid="avatar-file"
        onChange={(e) => void onFile(e)}
      />
      {status.kind === 'busy' && (
        <p className="field-help" role="status">
          {t('avatar.uploading')}
        </p>
      )}
      {(status.kind === 'updated' || status.kind === 'removed') && (
        <p className="field-help" role="status" data-testid="avatar-status">
          {t(`avatar.${status.kind}`)}
        </p>
      )}
      {status.kind === 'error' && (
        <p className="field-error" role="alert" data-testid="avatar-error">
          {status.text}
        </p>
      )}
    </div>
  );
}
