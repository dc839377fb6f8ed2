import { useTranslation } from 'react-i18next';
import { GroupAvatar } from './GroupAvatar';
import { useGroups } from './store';

/**
 * Our groups in the conversation list, each opening its details panel. (Once groups are
 * conversations, their messages open from the conversation list; this list stays the way to a
 * group's panel from the list pane.)
 */
export function GroupList({ search, onOpen }: { readonly search: string; readonly onOpen: () => void }) {
  const { t } = useTranslation();
  const groups = useGroups((s) => s.groups);
  const open = useGroups((s) => s.open);
  const openPanel = useGroups((s) => s.openPanel);
  const needle = search.trim().toLowerCase();
  const shown = groups
    .filter((g) => g.status !== 'left' && (needle === '' || g.name.toLowerCase().includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (shown.length === 0) return null;
  return (
    <section className="community-list-section" aria-labelledby="group-list-title">
      <h2 className="community-list-title" id="group-list-title">
        {t('groups.title')}
      </h2>
      <ul className="conversation-list" aria-labelledby="group-list-title" data-testid="group-list">
        {shown.map((g) => (
          <li key={g.groupId} className="conversation-slot">
            <button
              type="button"
              className={`conversation-item${g.groupId === open ? ' conversation-item-active' : ''}`}
              aria-current={g.groupId === open ? 'true' : undefined}
              data-testid={`group-${g.groupId}`}
              onClick={() => {
                onOpen();
                openPanel(g.groupId);
              }}
            >
              <GroupAvatar groupId={g.groupId} name={g.name} />
              <span className="conversation-text">
                <span className="conversation-top">
                  <span className="conversation-name" dir="auto">
                    {g.name}
                  </span>
                </span>
                <span className="conversation-bottom">
                  <span className="conversation-preview">
                    {g.status === 'invited'
                      ? t('groups.invited')
                      : t('groups.memberCount', { count: g.members })}
                  </span>
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
