import '../styles/communities.css';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityRoom, ServerRoom } from '../../shared/ipc/communities';
import type { IpcError } from '../../shared/ipc/result';
import { isolate } from '../security/bidi';
import { describeCommunityError } from './errors';
import { ServerRooms } from './ServerRooms';
import { useCommunities } from './store';

/**
 * "Join a community": a pasted link is joined by the core, which tells apart a bad link, a
 * missing or bad public key, an unknown room and a server that does not answer. Once joined, the
 * other rooms the server lists are offered; with none, the room opens at once.
 */
export function JoinCommunity({ onClose }: { readonly onClose: (how: 'cancelled' | 'opened') => void }) {
  const { t } = useTranslation();
  const join = useCommunities((s) => s.join);
  const listRooms = useCommunities((s) => s.serverRooms);
  const select = useCommunities((s) => s.select);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | undefined>();
  const [joined, setJoined] = useState<CommunityRoom | undefined>();
  const [others, setOthers] = useState<readonly ServerRoom[]>([]);
  const field = useRef<HTMLInputElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    field.current?.focus();
  }, []);
  useEffect(() => {
    if (joined) openButton.current?.focus();
  }, [joined]);

  async function open(room: CommunityRoom) {
    onClose('opened');
    await select(room.id);
  }

  async function submit(e: SyntheticEvent) {
    e.preventDefault();
    const link = url.trim();
    if (link === '' || busy) return;
    setBusy(true);
    setError(undefined);
    const r = await join(link);
    const room = r.room;
    if (r.error || !room) {
      setBusy(false);
      if (r.error) setError(r.error);
      field.current?.focus();
      return;
    }
    // A server that cannot list its rooms is no failure: the room joined opens.
    const rooms = await listRooms(room.joinUrl);
    setBusy(false);
    const rest = 'code' in rooms ? [] : rooms.filter((x) => x.token !== room.token);
    if (rest.length === 0) {
      await open(room);
      return;
    }
    setOthers(rest);
    setJoined(room);
  }

  return (
    <div className="join-community" data-testid="join-community">
      <form
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose('cancelled');
          }
        }}
        aria-labelledby="join-community-title"
        aria-busy={busy}
        noValidate
      >
        <h2 className="join-community-title" id="join-community-title">
          {t('communities.join')}
        </h2>
        <div className="field">
          <label className="field-label" htmlFor="join-community-url">
            {t('communities.urlLabel')}
          </label>
          <input
            ref={field}
            id="join-community-url"
            className="text-input"
            data-testid="join-url"
            type="url"
            spellCheck={false}
            autoComplete="off"
            value={url}
            readOnly={busy}
            aria-invalid={error !== undefined}
            aria-describedby="join-community-status"
            onChange={(e) => {
              setUrl(e.target.value);
              setError(undefined);
            }}
          />
          <span
            id="join-community-status"
            className={error ? 'field-error' : 'field-help'}
            role={error ? 'alert' : busy ? 'status' : undefined}
            data-testid="join-status"
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            {error
              ? describeCommunityError(t, error)
              : busy
                ? t('communities.joining')
                : t('communities.joinHint')}
          </span>
        </div>
        <div className="onboarding-actions">
          <button
            type="button"
            className="button button-quiet"
            data-testid="join-cancel"
            onClick={() => {
              onClose('cancelled');
            }}
          >
            {t('communities.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="join-submit"
            disabled={busy || url.trim() === ''}
          >
            {t('communities.joinButton')}
          </button>
        </div>
      </form>
      {joined && (
        <section className="join-community-done" aria-labelledby="join-community-done">
          <p id="join-community-done" role="status">
            {t('communities.joinedRoom', { name: isolate(joined.name) })}
          </p>
          <button
            ref={openButton}
            type="button"
            className="button button-primary"
            data-testid="join-open"
            onClick={() => void open(joined)}
          >
            {t('communities.openRoom', { name: isolate(joined.name) })}
          </button>
          <ServerRooms rooms={others} />
        </section>
      )}
    </div>
  );
}
