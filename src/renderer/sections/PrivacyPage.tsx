import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/ipc/messaging';
import { useMessaging } from '../messaging/store';
import { contactName } from '../messaging/format';
import { NOTIFICATION_LEVELS } from '../../shared/settings';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Toggle } from '../components/Toggle';
import { useApp } from '../store';

/** Blocked people, with Unblock: their messages are dropped without a trace until then. */
function BlockedCard() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const conversations = useMessaging((s) => s.conversations);
  const [blocked, setBlocked] = useState<Contact[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    void bridge?.invoke('contacts.list', {}).then((r) => {
      if (r.ok) setBlocked(r.value.filter((c) => c.blocked));
    });
  }, [bridge, conversations, tick]);
  return (
    <div className="card" data-testid="blocked-card">
      <h3 className="card-title">{t('contacts.blockedTitle')}</h3>
      {blocked.length === 0 ? (
        <p className="field-help">{t('contacts.blockedEmpty')}</p>
      ) : (
        <ul className="blocked-list">
          {blocked.map((c) => (
            <li key={c.sessionId} className="blocked-item">
              <span>{contactName(c)}</span>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  void bridge
                    ?.invoke('contacts.setBlocked', { sessionId: c.sessionId, blocked: false })
                    .then(() => {
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
