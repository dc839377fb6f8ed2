import '../styles/groups.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/ipc/messaging';
import { MuteButton } from '../messaging/MuteMenu';
import { useMessaging } from '../messaging/store';
import { isolate } from '../security/bidi';
import { useApp } from '../store';
import { describeGroupError } from './errors';
import { GroupAdmin } from './GroupAdmin';
import { GroupAvatar } from './GroupAvatar';
import { GroupDialog } from './GroupDialog';
import { MemberList } from './MemberList';
import { standingText } from './member-words';
import { useGroups } from './store';
import { useGroupAction } from './useGroupAction';

/**
 * A group's details, opened from its conversation's header (or on creating it): name, description,
 * members with their role and invitation status, notifications and Leave for everyone, and the
 * admin operations for admins only. Escape closes it and focus returns to what opened it.
 */
export function GroupPanel({ groupId, onClose }: { readonly groupId: string; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const account = useApp((s) => s.account);
  const ownId = account?.state === 'ready' ? account.sessionId : undefined;
  const group = useGroups((s) => s.groups.find((g) => g.groupId === groupId));
  const members = useGroups((s) => s.members[groupId]);
  const loadMembers = useGroups((s) => s.loadMembers);
  const notice = useGroups((s) => s.notice);
  // The group's conversation (groups-conv): its mute menu is the one every conversation has.
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === groupId));
  const [contacts, setContacts] = useState<readonly Contact[]>([]);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [leaving, setLeaving] = useState(false);
  const { state, run } = useGroupAction();
  const heading = useRef<HTMLHeadingElement>(null);

  // Just created, the group arrives with the next groups.changed: focus its heading then.
  const present = group !== undefined;
  useEffect(() => {
    heading.current?.focus();
  }, [groupId, present]);
  // Leaving removes the Leave button that had the focus (and the dialog hands it back to that
  // button): the panel's heading takes it, rather than the page's <body>.
  const status = group?.status;
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current === 'joined' && status === 'left') heading.current?.focus();
    lastStatus.current = status;
  }, [status]);
  useEffect(() => {
    void loadMembers(groupId).then((e) => {
      setLoadError(e ? describeGroupError(t, e) : undefined);
    });
  }, [groupId, loadMembers, t]);
  useEffect(() => {
    void bridge?.invoke('contacts.list', {}).then((r) => {
      if (r.ok) setContacts(r.value);
    });
  }, [bridge, members]);
  const byId = useMemo(() => new Map(contacts.map((c) => [c.sessionId, c])), [contacts]);

  if (!group) return null;
  const busy = state.kind === 'busy';
  const joined = group.status === 'joined';

  return (
    <section
      className="settings-page group-panel"
      aria-labelledby="group-panel-title"
      data-testid="group-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="contact-head group-head">
        <GroupAvatar groupId={group.groupId} name={group.name} size={3.5} />
        <div className="group-head-text">
          <h2
            id="group-panel-title"
            data-testid="group-panel-title"
            ref={heading}
            tabIndex={-1}
            className="settings-page-title"
            dir="auto"
          >
            {group.name}
          </h2>
          <p className="field-help" data-testid="group-panel-count">
            {standingText(
              t,
              { status: group.status, ended: conversation?.group?.ended ?? null },
              t('groups.memberCount', { count: group.members }),
            )}
          </p>
        </div>
        <button
          type="button"
          className="button button-small button-quiet"
          data-testid="group-panel-close"
          onClick={onClose}
        >
          {t('groups.close')}
        </button>
      </div>
      {/* Out of the group no update will come: "arrives with the next update" would be untrue. */}
      {(group.description !== null || group.status !== 'left') && (
        <p className="group-description" dir="auto" data-testid="group-description">
          {group.description ??
            (group.disappearingSeconds === null ? t('groups.descriptionUnknown') : t('groups.noDescription'))}
        </p>
      )}
      <div className="group-status" aria-live="polite" data-testid="group-action-status">
        {notice !== undefined && <p className="field-help">{notice}</p>}
        {state.kind === 'busy' && <p className="field-help">{t('groups.working')}</p>}
        {state.kind === 'done' && <p className="field-help">{state.text}</p>}
        {state.kind === 'error' && (
          <p className="field-error" role="alert" data-testid="group-action-error">
            {state.text}
          </p>
        )}
      </div>
      {/* Out of the group, we no longer know its members (main lists none): the line under its
          name says why instead of an empty list. */}
      {group.status !== 'left' && (
        <section className="card" aria-labelledby="group-members-title">
          <h3 id="group-members-title" className="card-title">
            {t('groups.members')}
          </h3>
          {loadError !== undefined && (
            <p className="field-error" role="alert">
              {loadError}
            </p>
          )}
          {members && (
            <MemberList
              members={members}
              contacts={byId}
              ownId={ownId}
              admin={group.admin && joined}
              busy={busy}
              onResend={(m, name) =>
                void run(
                  () => bridge?.invoke('groups.resendInvite', { groupId, member: m.sessionId }),
                  t('groups.resent', { name: isolate(name) }),
                )
              }
              onPromote={(m) =>
                void run(() => bridge?.invoke('groups.promote', { groupId, members: [m.sessionId] }))
              }
              onRemove={(m, deleteMessages) =>
                void run(() =>
                  bridge?.invoke('groups.removeMembers', { groupId, members: [m.sessionId], deleteMessages }),
                )
              }
            />
          )}
        </section>
      )}
      {group.admin && joined && members && (
        <GroupAdmin group={group} members={members} busy={busy} run={run} />
      )}
      {joined && (
        <section className="card group-everyone" aria-labelledby="group-notifications-title">
          <h3 id="group-notifications-title" className="card-title">
            {t('groups.notifications')}
          </h3>
          {conversation ? (
            <MuteButton conversation={conversation} />
          ) : (
            <p className="field-help">{t('groups.muteLater')}</p>
          )}
          <button
            type="button"
            className="button button-danger group-leave"
            disabled={busy}
            data-testid="group-leave"
            onClick={() => {
              setLeaving(true);
            }}
          >
            {t('groups.leave')}
          </button>
        </section>
      )}
      {leaving && (
        <GroupDialog
          testId="group-leave-confirm"
          title={t('groups.leaveTitle', { name: isolate(group.name) })}
          body={t('groups.leaveBody')}
          confirmLabel={t('groups.leave')}
          cancelLabel={t('groups.cancel')}
          onCancel={() => {
            setLeaving(false);
          }}
          onConfirm={() => {
            setLeaving(false);
            void run(() => bridge?.invoke('groups.leave', { groupId }));
          }}
        />
      )}
    </section>
  );
}
