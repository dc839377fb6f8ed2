import { useEffect, useState, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { DayRow } from './VirtualRows';

/** A quoted item to bring into view; `seq` tells a new press of the same quote. */
export interface JumpTarget<K> {
  readonly id: K;
  readonly seq: number;
}

/** How long the item jumped to stays marked, so the eye finds it after the scroll. */
const MARK_MS = 2000;

/**
 * A quote was pressed: the store has paged the quoted item in. Scrolls to it once per press and
 * marks it a moment; returns the id to mark, if any. Shared by a conversation's messages and a
 * room's posts.
 */
export function useJumpMark<K, T extends { readonly id: K }>(
  jump: JumpTarget<K> | undefined,
  rows: readonly DayRow<T>[],
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  atBottomRef: RefObject<boolean>,
): K | undefined {
  // The press (its seq) whose mark has faded.
  const [faded, setFaded] = useState<number | undefined>();
  useEffect(() => {
    if (jump === undefined) return;
    const seq = jump.seq;
    const timer = setTimeout(() => {
      setFaded(seq);
    }, MARK_MS);
    const index = rows.findIndex((r) => r.kind === 'item' && r.item.id === jump.id);
    if (index >= 0) {
      atBottomRef.current = false;
      virtualizer.scrollToIndex(index, { align: 'center' });
    }
    return () => {
      clearTimeout(timer);
    };
    // Only a new press (its seq) scrolls; rows changing later must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump?.seq]);
  return jump !== undefined && faded !== jump.seq ? jump.id : undefined;
}
