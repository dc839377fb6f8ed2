import { useState, type DragEvent } from 'react';
import { useApp } from '../store';
import { useStaging } from './staging';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/**
 * Files dropped anywhere on the open conversation are staged for the next message; while they
 * hover, `over` shows the drop overlay. Only files: dragged text or links are left alone (and the
 * window never navigates to a dropped file).
 */
export function useFileDrop(
  conversationId: string,
  enabled: boolean,
): {
  readonly over: boolean;
  readonly handlers: {
    readonly onDragOver: (e: DragEvent<HTMLElement>) => void;
    readonly onDragLeave: (e: DragEvent<HTMLElement>) => void;
    readonly onDrop: (e: DragEvent<HTMLElement>) => void;
  };
} {
  const [over, setOver] = useState(false);
  const bridge = useApp((s) => s.bridge);
  const add = useStaging((s) => s.add);
  return {
    over,
    handlers: {
      onDragOver(e) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
        if (enabled && !over) setOver(true);
      },
      onDragLeave(e) {
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setOver(false);
      },
      onDrop(e) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (enabled && bridge && files.length > 0) void add(bridge, conversationId, files);
      },
    },
  };
}
