import type { Message } from '../../shared/ipc/messaging';
import '../styles/attachments.css';
import { VoicePlayer } from '../voice/VoicePlayer';
import { FileRow } from './FileRow';
import { kindOf } from './kinds';
import { MediaGrid } from './MediaGrid';

/** A message's attachments, in the order sent: pictures and videos in one grid, then voice, then files. */
export function AttachmentList({ message }: { readonly message: Message }) {
  const all = message.attachments;
  if (all.length === 0) return null;
  const media = all.filter((a) => {
    const k = kindOf(a);
    return k === 'image' || k === 'video';
  });
  const voice = all.filter((a) => kindOf(a) === 'voice');
  // Audio that is not a voice note is offered as a file to save, as Session does.
  const files = all.filter((a) => {
    const k = kindOf(a);
    return k === 'file' || k === 'audio';
  });
  return (
    <div className="attachments" data-testid="attachments">
      {media.length > 0 && <MediaGrid items={media} message={message} />}
      {voice.map((a) => (
        <VoicePlayer key={a.id} attachment={a} message={message} />
      ))}
      {files.map((a) => (
        <FileRow key={a.id} attachment={a} message={message} />
      ))}
    </div>
  );
}
