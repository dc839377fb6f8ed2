import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/ipc/messaging';
import { SessionIdCard } from '../account/SessionIdCard';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { NarrowBack } from '../components/NarrowBack';
import { EmptyState } from '../components/EmptyState';
import { ContactsIcon } from '../components/Icons';
import { ListPane } from '../components/ListPane';
import { Avatar } from '../messaging/Avatar';
import { contactName, shortId } from '../messaging/format';
import { useMessaging } from '../messaging/store';
import { isolate } from '../security/bidi';
import { useApp } from '../store';

function useContacts(): [Contact[], () => void] {
  const bridge = useApp((s) => s.bridge);
  const conversations = useMessaging((s) => s.conversations);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    void bridge?.invoke('contacts.list', {}).then((r) => {
      if (r.ok) setContacts(r.value);
    });
  }, [bridge, conversations, tick]);
  return [contacts, () => setTick((n) => n + 1)];
}

function ContactDetail({
  contact,
  onChanged,
}: {
  readonly contact: Contact;
  readonly onChanged: () => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const setSection = useApp((s) => s.setSection);
  const open = useMessaging((s) => s.open);
  const [nickname, setNickname] = useState(contact.nickname ?? '');
  const [confirmBlock, setConfirmBlock] = useState(false);

  async function saveNickname(e: SubmitEvent) {
    e.preventDefault();
    const r = await bridge?.invoke('contacts.setNickname', {
      sessionId: contact.sessionId,
      nickname: nickname.trim() === '' ? null : nickname,
    });
    if (r?.ok) onChanged();
  }

  async function setBlocked(blocked: boolean) {
    const r = await bridge?.invoke('contacts.setBlocked', { sessionId: contact.sessionId, blocked });
    if (r?.ok) onChanged();
  }

  return (
    <section className="settings-page" aria-labelledby="contact-title" data-testid="contact-detail">
      <div className="contact-head">
        <Avatar sessionId={contact.sessionId} name={contactName(contact)} size={3.5} />
        <div>
          <h2 id="contact-title" className="settings-page-title" dir="auto">
            {contactName(contact)}
          </h2>
          {contact.nickname !== null && contact.name !== null && (
            <p className="field-help" dir="auto">
              {contact.name}
            </p>
          )}
        </div>
      </div>
      <div className="card">
        <SessionIdCard sessionId={contact.sessionId} showQr={false} />
      </div>
      <form className="card nickname-form" onSubmit={(e) => void saveNickname(e)}>
        <label className="field">
          <span className="field-label">{t('contacts.nickname')}</span>
          <input
            className="text-input"
            data-testid="nickname"
            value={nickname}
            maxLength={100}
            placeholder={contact.name ?? ''}
            onChange={(e) => {
              setNickname(e.target.value);
            }}
          />
          <span className="field-help">{t('contacts.nicknameHelp')}</span>
        </label>
        <button type="submit" className="button">
          {t('contacts.saveNickname')}
        </button>
      </form>
      <div className="contact-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={contact.blocked}
          onClick={() => {
            void open(contact.sessionId).then(() => {
              setSection('conversations');
            });
          }}
        >
          {t('contacts.message')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="block-toggle"
          onClick={() => {
            // Blocking drops their messages without a trace: ask first. Unblocking loses nothing.
            if (contact.blocked) void setBlocked(false);
            else setConfirmBlock(true);
          }}
        >
          {contact.blocked ? t('contacts.unblock') : t('contacts.block')}
        </button>
      </div>
      {confirmBlock && (
        <ConfirmDialog
          testId="block-confirm"
          title={t('contacts.blockConfirmTitle', { name: isolate(contactName(contact)) })}
          body={t('contacts.blockConfirmBody')}
          confirmLabel={t('contacts.block')}
          cancelLabel={t('contacts.cancel')}
          onCancel={() => {
            setConfirmBlock(false);
          }}
          onConfirm={() => {
            setConfirmBlock(false);
            void setBlocked(true);
          }}
        />
      )}
    </section>
  );
}

export function ContactsSection() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [contacts, refresh] = useContacts();
  const needle = search.trim().toLowerCase();
  const shown = contacts
    .filter((c) => !c.blocked)
    .filter(
      (c) => needle === '' || contactName(c).toLowerCase().includes(needle) || c.sessionId.includes(needle),
    )
    .sort((a, b) => contactName(a).localeCompare(contactName(b)));
  const current = contacts.find((c) => c.sessionId === selected);

  return (
    <>
      <ListPane
        title={t('contacts.title')}
        searchLabel={t('contacts.search')}
        search={search}
        onSearch={setSearch}
      >
        {shown.length === 0 ? (
          <div className="list-empty" data-testid="contacts-empty">
            <p className="list-empty-title">{t('contacts.emptyTitle')}</p>
            <p className="list-empty-body">{t('contacts.emptyBody')}</p>
          </div>
        ) : (
          <ul className="conversation-list" aria-label={t('contacts.title')}>
            {shown.map((c) => (
              <li key={c.sessionId}>
                <button
                  type="button"
                  className={`conversation-item${c.sessionId === selected ? ' conversation-item-active' : ''}`}
                  aria-current={c.sessionId === selected ? 'true' : undefined}
                  data-testid={`contact-${c.sessionId}`}
                  onClick={() => {
                    setSelected(c.sessionId);
                  }}
                >
                  <Avatar sessionId={c.sessionId} name={contactName(c)} />
                  <span className="conversation-text">
                    <span className="conversation-name" dir="auto">
                      {contactName(c)}
                    </span>
                    <span className="conversation-preview session-id-short">{shortId(c.sessionId)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </ListPane>
      <main
        id="main-content"
        className="main-pane main-pane-scroll"
        // A Tab stop: a page without any control (Network while it loads, About) must still
        // scroll from the keyboard (axe: scrollable-region-focusable).
        tabIndex={0}
        aria-labelledby="tab-contacts"
        data-narrow={current ? 'detail' : 'list'}
      >
        {current && (
          <NarrowBack
            onBack={() => {
              setSelected(undefined);
            }}
          />
        )}
        {current ? (
          <ContactDetail key={current.sessionId} contact={current} onChanged={refresh} />
        ) : (
          <EmptyState
            icon={<ContactsIcon size={44} />}
            title={t('contacts.noneSelectedTitle')}
            body={t('contacts.noneSelectedBody')}
          />
        )}
      </main>
    </>
  );
}
