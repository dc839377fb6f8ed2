/** Line icons for attachments and voice, drawn in components/Icons' frame. */
import { Svg } from '../components/Icons';

export function FileIcon({ size }: { readonly size?: number }) {
  return (
    <Svg {...(size !== undefined ? { size } : {})}>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5Z" />
      <path d="M14 3v5h5M9 13h6M9 17h6" />
    </Svg>
  );
}

export function PaperclipIcon({ size }: { readonly size?: number }) {
  return (
    <Svg {...(size !== undefined ? { size } : {})}>
      <path d="m20.5 11.5-8.4 8.4a5 5 0 0 1-7-7l8.4-8.4a3.3 3.3 0 0 1 4.7 4.7l-8.4 8.4a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
    </Svg>
  );
}

export function MicIcon({ size }: { readonly size?: number }) {
  return (
    <Svg {...(size !== undefined ? { size } : {})}>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" />
    </Svg>
  );
}

export function PlayIcon() {
  return (
    <Svg>
      <path d="M7 4.5v15l12-7.5-12-7.5Z" fill="currentColor" />
    </Svg>
  );
}

export function PauseIcon() {
  return (
    <Svg>
      <path d="M7 4.5h3.5v15H7zM13.5 4.5H17v15h-3.5z" fill="currentColor" />
    </Svg>
  );
}

export function ChevronIcon({ direction }: { readonly direction: 'left' | 'right' }) {
  return <Svg>{direction === 'left' ? <path d="m15 5-7 7 7 7" /> : <path d="m9 5 7 7-7 7" />}</Svg>;
}

export function CloseIcon() {
  return (
    <Svg>
      <path d="M6 6l12 12M18 6 6 18" />
    </Svg>
  );
}

export function StorageIcon() {
  return (
    <Svg>
      <ellipse cx="12" cy="6" rx="7.5" ry="3" />
      <path d="M4.5 6v6c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3V6M4.5 12v6c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3v-6" />
    </Svg>
  );
}

/**
 * The mark before a conversation's preview when its last message is only an attachment (in
 * place of the 🎤 and 📎 emoji, which a machine without a colour-emoji font drew as boxes).
 */
export function AttachmentMark({ voice }: { readonly voice: boolean }) {
  return (
    <span className="inline-icon" aria-hidden="true" data-testid="attachment-mark">
      {voice ? <MicIcon size={13} /> : <PaperclipIcon size={13} />}
    </span>
  );
}
