import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX } from '../../shared/ipc/attachments';
import { describeError } from '../account/errors';
import { useApp } from '../store';
import { CloseIcon, FileIcon } from './AttachmentIcons';
import { formatBytes } from './kinds';
import { useStaging, type StagingProblem } from './staging';
import { useByteUnits } from './useByteUnits';

const NO_ITEMS: readonly never[] = [];

/**
 * The files waiting to go with the next message, above the composer: a thumbnail or a file icon,
 * the name, the size and a remove button each (reachable with Tab, labelled with the file's name).
 * Files that were refused are listed under it, by name, with the reason.
 */
export function StagedRow({ conversationId }: { readonly conversationId: string }) {
  const { t, i18n } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const items = useStaging((s) => s.items[conversationId] ?? NO_ITEMS);
  const problems = useStaging((s) => s.problems[conversationId] ?? NO_ITEMS);
  const remove = useStaging((s) => s.remove);
  const units = useByteUnits();
  const describe = (p: StagingProblem): string => {
    if (p.kind === 'tooLarge')
      return t('attachments.tooLarge', {
        name: p.fileName,
        max: formatBytes(ATTACHMENT_MAX_BYTES, i18n.language, units),
      });
    if (p.kind === 'tooMany')
      return t('attachments.tooMany', { name: p.fileName, max: ATTACHMENTS_PER_MESSAGE_MAX });
    return t('attachments.stageFailed', { name: p.fileName, reason: describeError(t, p.error) });
  };

  return (
    <>
      {items.length > 0 && (
        <ul className="staged-row" aria-label={t('attachments.stagedLabel')} data-testid="staged-row">
          {items.map((item) => (
            <li
              key={item.key}
              className="staged-item"
              data-testid="staged-item"
              data-staged={item.staged !== undefined}
              aria-busy={item.staged === undefined}
            >
              <span className="staged-preview">
                {item.previewUrl !== undefined ? (
                  <img src={item.previewUrl} alt="" />
                ) : (
                  <FileIcon size={30} />
                )}
              </span>
              <span className="staged-name" dir="auto" title={item.fileName}>
                {item.fileName}
              </span>
              <span className="staged-size">
                {item.staged === undefined
                  ? t('attachments.preparing')
                  : formatBytes(item.size, i18n.language, units)}
              </span>
              <button
                type="button"
                className="staged-remove"
                data-testid="staged-remove"
                aria-label={t('attachments.remove', { name: item.fileName })}
                title={t('attachments.remove', { name: item.fileName })}
                onClick={() => {
                  if (bridge) void remove(bridge, conversationId, item.key);
                }}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <ul className="staged-problems" role="alert" data-testid="staging-problems">
          {problems.map((p, i) => (
            // Problems are only ever appended, then cleared together.
            <li key={`${p.fileName}-${i}`}>{describe(p)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
