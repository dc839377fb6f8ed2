import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerRoom } from '../../shared/ipc/communities';
import type { IpcError } from '../../shared/ipc/result';
import { isolate } from '../security/bidi';
import { describeCommunityError } from './errors';
import { useCommunities } from './store';

/** The other rooms a server lists (its default rooms), each joinable in one press. */
export function ServerRooms({ rooms }: { readonly rooms: readonly ServerRoom[] }) {
  const { t } = useTranslation();
  const join = useCommunities((s) => s.join);
  const joinedRooms = useCommunities((s) => s.rooms);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<{ token: string; error: IpcError } | undefined>();
  const isJoined = (r: ServerRoom) => r.joined || joinedRooms.some((x) => x.joinUrl === r.joinUrl);

  return (
    <section className="server-rooms" aria-labelledby="server-rooms-title" data-testid="server-rooms">
      <h3 className="server-rooms-title" id="server-rooms-title">
        {t('communities.serverRooms')}
      </h3>
      {rooms.length === 0 ? (
        <p className="field-help">{t('communities.noServerRooms')}</p>
      ) : (
        <ul className="server-room-list">
          {rooms.map((r) => (
            <li key={r.token} className="server-room">
              <span className="server-room-text">
                <span className="server-room-name" dir="auto">
                  {r.name}
                </span>
                <span className="field-help">{t('communities.members', { count: r.activeUsers })}</span>
                {error?.token === r.token && (
                  <span className="field-error" role="alert">
                    {describeCommunityError(t, error.error)}
                  </span>
                )}
              </span>
              {isJoined(r) ? (
                <span className="server-room-joined">{t('communities.joined')}</span>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  data-testid={`server-room-join-${r.token}`}
                  aria-label={t('communities.joinRoom', { name: isolate(r.name) })}
                  disabled={busy !== undefined}
                  onClick={() => {
                    setBusy(r.token);
                    setError(undefined);
                    void join(r.joinUrl).then((answer) => {
                      setBusy(undefined);
                      if (answer.error) setError({ token: r.token, error: answer.error });
                    });
                  }}
                >
                  {busy === r.token ? t('communities.joining') : t('communities.joinButton')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
