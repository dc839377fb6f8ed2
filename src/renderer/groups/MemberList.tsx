import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupMember } from '../../shared/ipc/groups';
import { Avatar } from '../messaging/Avatar';
import { isolate } from '../security/bidi';
import { GroupDialog } from './GroupDialog';
import { canResend, memberName, shownMembers, type Named } from './member-words';

/**
 * The members of a group with their role and invitation status in words. Admins also get, per
 * member, Resend invite (unanswered or failed), Promote to admin and Remove (with the choice to
 * delete their messages); nobody else sees those.
 */
export function MemberList({
  members,
  contacts,
  ownId,
  admin,
  busy,
  onResend,
  onPromote,
  onRemove,
}: {
  readonly members: readonly GroupMember[];
  readonly contacts: ReadonlyMap<string, Named>;
  readonly ownId: string | undefined;
  readonly admin: boolean;
  readonly busy: boolean;
  readonly onResend: (m: GroupMember, name: string) => void;
  readonly onPromote: (m: GroupMember) => void;
  readonly onRemove: (m: GroupMember, deleteMessages: boolean) => void;
}) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<GroupMember | undefined>(undefined);
  const [promoting, setPromoting] = useState<GroupMember | undefined>(undefined);
  const [deleteMessages, setDeleteMessages] = useState(false);
  const list = shownMembers(members, contacts, ownId);
  return (
    <>
      <ul className="group-member-list" aria-labelledby="group-members-title" data-testid="group-member-list">
        {list.map((m) => {
          const name = memberName(m, contacts);
          const self = m.sessionId === ownId;
          return (
            <li key={m.sessionId} className="group-member" data-testid={`group-member-${m.sessionId}`}>
              {/* A short ID is no name: the avatar then shows the ID's own initials. */}
              <Avatar
                sessionId={m.sessionId}
                name={name.includes('…') && name.startsWith('05') ? null : name}
                size={2}
              />
              <span className="group-member-text">
                <span className="group-member-name" dir="auto">
                  {self ? t('groups.you') : name}
                </span>
                <span className="group-member-state" data-testid="group-member-state">
                  {t(m.admin ? 'groups.role.admin' : 'groups.role.member')}
                  {/* We are in: our own row's invitation is answered, whatever the config last said. */}
                  {m.status !== 'accepted' && !self && ` · ${t(`groups.status.${m.status}`)}`}
                </span>
              </span>
              {admin && !self && (
                <span
                  className="group-member-actions"
                  role="group"
                  aria-label={t('groups.memberActions', { name })}
                >
                  {canResend(m) && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      data-testid="group-member-resend"
                      onClick={() => {
                        onResend(m, name);
                      }}
                    >
                      {t('groups.resend')}
                    </button>
                  )}
                  {!m.admin && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      data-testid="group-member-promote"
                      onClick={() => {
                        setPromoting(m);
                      }}
                    >
                      {t('groups.promote')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    disabled={busy}
                    data-testid="group-member-remove"
                    onClick={() => {
                      setDeleteMessages(false);
                      setRemoving(m);
                    }}
                  >
                    {t('groups.remove')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {removing && (
        <GroupDialog
          testId="group-remove-confirm"
          title={t('groups.removeTitle', { name: isolate(memberName(removing, contacts)) })}
          body={t('groups.removeBody')}
          confirmLabel={t('groups.remove')}
          cancelLabel={t('groups.cancel')}
          onCancel={() => {
            setRemoving(undefined);
          }}
          onConfirm={() => {
            setRemoving(undefined);
            onRemove(removing, deleteMessages);
          }}
        >
          <label className="checkbox-row">
            <input
              type="checkbox"
              checked={deleteMessages}
              data-testid="group-remove-delete-messages"
              onChange={(e) => {
                setDeleteMessages(e.target.checked);
              }}
            />
            <span>{t('groups.deleteTheirMessages')}</span>
          </label>
        </GroupDialog>
      )}
      {promoting && (
        <GroupDialog
          testId="group-promote-confirm"
          danger={false}
          title={t('groups.promoteTitle', { name: isolate(memberName(promoting, contacts)) })}
          body={t('groups.promoteBody')}
          confirmLabel={t('groups.promote')}
          cancelLabel={t('groups.cancel')}
          onCancel={() => {
            setPromoting(undefined);
          }}
          onConfirm={() => {
            setPromoting(undefined);
            onPromote(promoting);
          }}
        />
      )}
    </>
  );
}
