import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/ipc/messaging';
import { useMessaging } from '../messaging/store';
import { contactName } from '../messaging/format';
import { NOTIFICATION_LEVELS } from '../../shared/settings';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Toggle } from '../components/Toggle';
import { isolate } from '../security/bidi';
import { useApp } from '../store';

/** One blocked person (a contact, or a community DM sender under their blinded ID). */
interface BlockedRow {
  readonly id: string;
  readonly name: string;
  /** The community a blinded sender came through. */
  readonly via: string | null;
}

/**
 * Blocked people, with Unblock: their messages are dropped without a trace until then. Community
 * DM senders are listed too, with the community they wrote through (their ID is only valid there).
 */
function BlockedCard() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const conversations = useMessaging((s) => s.conversations);
  const [blocked, setBlocked] = useState<BlockedRow[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!bridge) return;
    void Promise.all([bridge.invoke('contacts.list', {}), bridge.invoke('communities.blockedDms', {})]).then(
      ([contacts, blinded]) => {
        const rows: BlockedRow[] = [];
        if (contacts.ok)
          for (const c of contacts.value.filter((x: Contact) => x.blocked))
            rows.push({ id: c.sessionId, name: contactName(c), via: null });
        if (blinded.ok)
          for (const b of blinded.value)
            rows.push({ id: b.conversationId, name: b.name ?? t('communityDmMore.someone'), via: b.room });
        setBlocked(rows);
      },
    );
  }, [bridge, conversations, tick, t]);
  return (
    <div className="card" data-testid="blocked-card">
      <h3 className="card-title">{t('contacts.blockedTitle')}</h3>
      {blocked.length === 0 ? (
        <p className="field-help">{t('contacts.blockedEmpty')}</p>
      ) : (
        <ul className="blocked-list">
          {blocked.map((c) => (
            <li key={c.id} className="blocked-item" data-testid={`blocked-${c.id}`}>
              <span dir="auto" title={c.id}>
                {c.name}
                {c.via !== null && (
                  <span className="field-help" data-testid="blocked-via">
                    {' '}
                    {t('communityDmMore.blockedVia', { room: isolate(c.via) })}
                  </span>
                )}
              </span>
              <button
                type="button"
                className="button button-small"
                data-testid="blocked-unblock"
                aria-label={`${t('contacts.unblock')} ${c.name}`}
                onClick={() => {
                  void bridge?.invoke('contacts.setBlocked', { sessionId: c.id, blocked: false }).then(() => {
                    setTick((n) => n + 1);
                  });
                }}
              >
                {t('contacts.unblock')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Read receipts and typing indicators (both off by default, as in Session) and notifications. */
export function PrivacyPage() {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const update = useApp((s) => s.updateSettings);
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.privacy')}
      </h2>
      <div className="card card-stack">
        <Toggle
          id="read-receipts"
          label={t('privacy.readReceipts')}
          hint={t('privacy.readReceiptsHint')}
          checked={settings.readReceipts}
          onChange={(readReceipts) => void update({ readReceipts })}
        />
        <Toggle
          id="typing-indicators"
          label={t('privacy.typing')}
          hint={t('privacy.typingHint')}
          checked={settings.typingIndicators}
          onChange={(typingIndicators) => void update({ typingIndicators })}
        />
        <Toggle
          id="community-requests"
          label={t('privacy.communityRequests')}
          hint={t('privacy.communityRequestsHint')}
          checked={settings.communityMessageRequests}
          onChange={(communityMessageRequests) => void update({ communityMessageRequests })}
        />
      </div>
      <div className="card">
        <ChoiceGroup
          name="notifications"
          legend={t('privacy.notifications')}
          value={settings.notifications}
          options={NOTIFICATION_LEVELS.map((level) => ({ value: level, label: t(`privacy.level.${level}`) }))}
          onChange={(notifications) => void update({ notifications })}
        />
      </div>
      <BlockedCard />
    </section>
  );
}
