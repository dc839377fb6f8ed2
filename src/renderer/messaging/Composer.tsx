import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_BODY_MAX } from '../../shared/ipc/messaging';
import { PaperclipIcon } from '../attachments/AttachmentIcons';
import { StagedRow } from '../attachments/StagedRow';
import { useStaging } from '../attachments/staging';
import { useApp } from '../store';
import { VoiceRecorder } from '../voice/VoiceRecorder';
import { useSendVoice } from '../voice/useSendVoice';
import { useDrafts } from './drafts';
import { ReplyBar } from './ReplyBar';
import { useMessaging } from './store';
import { MentionList } from './group/MentionList';
import { useMentions } from './group/mentions';
import { useGroupNames, useOwnId } from './group/names';

const NO_ITEMS: readonly never[] = [];

/**
 * Enter sends, Shift+Enter is a new line; pasting inserts plain text only, or stages the files on
 * the clipboard. While replying, the quoted message shows above it and Esc (or ×) cancels the
 * reply. Staged files show above the field; the text is their caption. The microphone records a
 * voice message, sent on its own.
 */
export function Composer({
  conversationId,
  disabled,
  textOnly,
}: {
  readonly conversationId: string;
  readonly disabled?: boolean;
  /** Text only (a community DM): no files, no voice messages. */
  readonly textOnly?: boolean;
}) {
  const { t } = useTranslation();
  const send = useMessaging((s) => s.send);
  const replyTo = useMessaging((s) => s.replyTo[conversationId]);
  const setReplyTo = useMessaging((s) => s.setReplyTo);
  const bridge = useApp((s) => s.bridge);
  const spellcheck = useApp((s) => s.settings.spellcheckLanguages.length > 0);
  const typing = useRef(false);

  /** Tells main when we start or stop typing; main sends it only if the setting is on. */
  function setTyping(now: boolean) {
    if (typing.current === now) return;
    typing.current = now;
    void bridge?.invoke('conversations.typing', { conversationId, typing: now });
  }
  // Each conversation keeps its own unsent text (drafts.ts).
  const text = useDrafts((s) => s.text[conversationId] ?? '');
  const setDraft = useDrafts((s) => s.set);
  const setText = useCallback((value: string) => setDraft(conversationId, value), [conversationId, setDraft]);
  // A group's members can be @mentioned (not ourselves).
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === conversationId));
  const ownId = useOwnId();
  const nameOf = useGroupNames(conversationId, ownId, t('messaging.senderYou'));
  const members = useMemo(
    () =>
      (conversation?.group?.members ?? [])
        .filter((m) => m.sessionId !== ownId)
        .map((m) => ({ sessionId: m.sessionId, name: nameOf(m.sessionId) })),
    // nameOf is re-made with the list: the members' names are what matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [conversation?.group?.members, ownId],
  );
  const mentions = useMentions(members, text, setText);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MESSAGE_BODY_MAX;
  const staged = useStaging((s) => s.items[conversationId] ?? NO_ITEMS);
  const addFiles = useStaging((s) => s.add);
  const clearStaged = useStaging((s) => s.clear);
  const picker = useRef<HTMLInputElement>(null);
  const [recording, setRecording] = useState(false);
  const sendVoice = useSendVoice(conversationId);
  const onRecorderActive = useCallback((active: boolean) => {
    setRecording(active);
  }, []);
  // The recording bar held the focus (its Send or Cancel): once it is gone, the text field is
  // back and takes it, as after sending a text, instead of leaving it on the page's body.
  const wasRecording = useRef(false);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (wasRecording.current && !recording && lost) area.current?.focus();
    wasRecording.current = recording;
  }, [recording]);
  // Every staged file must be stored before the message can go: it is sent with all of them.
  const stillStaging = staged.some((i) => i.staged === undefined);
  const empty = text.trim() === '' && staged.length === 0;

  async function submit() {
    const body = text.trim();
    if (empty || tooLong || busy || stillStaging) return;
    setBusy(true);
    setTyping(false);
    const ids = staged.flatMap((i) => (i.staged ? [i.staged.stagedId] : []));
    const sent = await send(conversationId, mentions.wire(body), ids);
    setBusy(false);
    if (sent) {
      setText('');
      mentions.reset();
      clearStaged(conversationId);
      useStaging.getState().dismissProblems(conversationId);
    }
    area.current?.focus();
  }

  function stage(files: readonly File[]) {
    if (bridge && files.length > 0) void addFiles(bridge, conversationId, files);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentions.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && replyTo !== undefined) {
      e.preventDefault();
      setReplyTo(conversationId, undefined);
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    e.preventDefault();
    // Files (a copied picture, files copied in a file manager) are staged as attachments.
    const files = Array.from(e.clipboardData.files);
    if (files.length > 0) {
      stage(files);
      return;
    }
    // Otherwise only the text: no HTML, images or styles from the clipboard.
    const plain = e.clipboardData.getData('text/plain');
    const el = e.currentTarget;
    const next = el.value.slice(0, el.selectionStart) + plain + el.value.slice(el.selectionEnd);
    setText(next);
  }

  return (
    <div className="composer-area">
      {replyTo !== undefined && (
        <ReplyBar
          message={replyTo}
          onCancel={() => {
            setReplyTo(conversationId, undefined);
            area.current?.focus();
          }}
        />
      )}
      <StagedRow conversationId={conversationId} />
      <MentionList
        candidates={mentions.candidates}
        active={mentions.active}
        onPick={(m) => {
          mentions.insert(m, area.current);
        }}
      />
      <div className="composer">
        {!recording && (
          <>
            {textOnly !== true && (
              <button
                type="button"
                className="icon-button composer-icon"
                data-testid="attach"
                aria-label={t('attachments.attach')}
                title={t('attachments.attach')}
                disabled={disabled}
                onClick={() => picker.current?.click()}
              >
                <PaperclipIcon />
              </button>
            )}
            <input
              ref={picker}
              type="file"
              multiple
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="attach-input"
              onChange={(e) => {
                stage(Array.from(e.currentTarget.files ?? []));
                // The same file can be picked again after being removed.
                e.currentTarget.value = '';
                area.current?.focus();
              }}
            />
            <textarea
              ref={area}
              className="composer-input"
              data-testid="composer"
              rows={1}
              // Electron's spellchecker (languages from Settings) or the browser's own.
              spellCheck={spellcheck}
              value={text}
              disabled={disabled}
              placeholder={
                staged.length > 0 ? t('attachments.captionPlaceholder') : t('messaging.composerPlaceholder')
              }
              aria-label={t('messaging.composerLabel')}
              aria-invalid={tooLong}
              onChange={(e) => {
                setText(e.target.value);
                setTyping(e.target.value.trim() !== '');
                mentions.update(e.target.value, e.target.selectionStart);
              }}
              onBlur={() => {
                setTyping(false);
                mentions.close();
              }}
              role={mentions.candidates.length > 0 ? 'combobox' : undefined}
              aria-expanded={mentions.candidates.length > 0 ? true : undefined}
              aria-controls={mentions.candidates.length > 0 ? 'mention-listbox' : undefined}
              aria-activedescendant={
                mentions.candidates[mentions.active]
                  ? `mention-${mentions.candidates[mentions.active]?.sessionId ?? ''}`
                  : undefined
              }
              onKeyDown={onKeyDown}
              onPaste={onPaste}
            />
            {tooLong && (
              <span className="field-error composer-limit" role="alert">
                {t('messaging.tooLong', { max: MESSAGE_BODY_MAX })}
              </span>
            )}
          </>
        )}
        {textOnly !== true && (
          <VoiceRecorder
            disabled={disabled === true || busy}
            onClip={sendVoice}
            onActive={onRecorderActive}
          />
        )}
        {!recording && (
          <button
            type="button"
            className="button button-primary"
            data-testid="send"
            disabled={disabled === true || busy || empty || tooLong || stillStaging}
            onClick={() => void submit()}
          >
            {t('messaging.send')}
          </button>
        )}
      </div>
    </div>
  );
}
