import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { GroupNotice } from '../../../shared/group-notice';
import type { Message } from '../../../shared/ipc/messaging';
import { isolate } from '../../security/bidi';
import { durationText } from '../disappearing/duration';
import type { NameOf } from './names';

/** A group notice in words ("Alice added Bob and Carol"); "You…" when we made the change. */
export function noticeText(
  t: TFunction,
  notice: GroupNotice,
  nameOf: NameOf,
  ownId: string | undefined,
  language: string,
): string {
  const by = 'by' in notice ? notice.by : notice.member;
  const mine = by === ownId;
  const key = (base: string) => `groupChat.notice.${base}${mine ? 'You' : ''}`;
  const who = isolate(nameOf(by));
  const list = (ids: readonly string[]) =>
    new Intl.ListFormat(language, { type: 'conjunction' }).format(ids.map((id) => isolate(nameOf(id))));
  // Someone else's change that names us: "Alice removed you (and Bob)", never "Alice removed You:"
  // (French also puts the pronoun before the verb: "Alice vous a retiré").
  const members = (base: string, ids: readonly string[]) => {
    const others = ids.filter((id) => id !== ownId);
    if (mine || ownId === undefined || others.length === ids.length)
      return t(key(base), { by: who, members: list(ids) });
    return others.length === 0
      ? t(`groupChat.notice.${base}Me`, { by: who })
      : t(`groupChat.notice.${base}MeAnd`, { by: who, members: list(others) });
  };
  switch (notice.kind) {
    case 'created':
      return t(key('created'), { by: who });
    case 'members-added':
      return members(notice.withHistory ? 'membersAddedHistory' : 'membersAdded', notice.members);
    case 'members-removed':
      return members('membersRemoved', notice.members);
    case 'promoted':
      return members('promoted', notice.members);
    case 'member-left':
      return t(key('memberLeft'), { member: who });
    case 'renamed':
      return t(key('renamed'), { by: who, name: isolate(notice.name) });
    case 'description-changed':
      return t(key('descriptionChanged'), { by: who });
    case 'picture-changed':
      return t(key(notice.removed ? 'pictureRemoved' : 'pictureChanged'), { by: who });
    case 'disappearing-changed':
      return notice.seconds === 0
        ? t(key('disappearingOff'), { by: who })
        : t(key('disappearingOn'), { by: who, duration: durationText(t, notice.seconds) });
    case 'destroyed':
      return t(key('destroyed'), { by: who });
    case 'kicked':
      return t('groupKick.removedYou');
    case 'deleted':
      return t('groupsLeftNotice.deleted');
  }
}

/** One notice of the group's timeline, centred like the disappearing-setting notice. */
export function NoticeRow({
  message,
  notice,
  nameOf,
  ownId,
}: {
  readonly message: Message;
  readonly notice: GroupNotice;
  readonly nameOf: NameOf;
  readonly ownId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="timeline-notice group-notice" role="note" data-testid="group-notice" data-id={message.id}>
      {noticeText(t, notice, nameOf, ownId, i18n.language)}
    </div>
  );
}
