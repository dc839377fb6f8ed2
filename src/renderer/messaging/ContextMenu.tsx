import type { KeyboardEvent } from 'react';
import { useLayoutEffect, useRef, useState } from 'react';
import { gridKeys } from './grid-keys';
import { opensUpward } from './menu-placement';

/** One action of a context menu. */
export interface MenuEntry {
  readonly label: string;
  readonly testId: string;
  readonly action: () => void;
}

/** The keys that open an item's context menu from the keyboard: the menu key, or Shift+F10. */
export function opensMenu(e: KeyboardEvent): boolean {
  return e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey);
}

/**
 * The context menu of a message or a community post, rendered inside the item it acts on (its
 * parent, which must be focusable): its first entry takes focus, arrow keys move between entries,
 * and it opens above the item when below it would be cut off by the list's edge.
 */
export function ContextMenu({
  entries,
  onClose,
}: {
  readonly entries: readonly MenuEntry[];
  /** Called before an entry's action runs (the menu unmounts). */
  readonly onClose: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [up, setUp] = useState(false);

  // Measured before paint, so a menu that would be cut off by the list's edge never flashes there.
  useLayoutEffect(() => {
    const shown = box.current;
    const owner = shown?.parentElement?.getBoundingClientRect();
    const scroller = shown?.closest('.message-scroller');
    if (!shown || !owner || !scroller) return;
    setUp(opensUpward(owner, shown.offsetHeight, scroller.getBoundingClientRect()));
  }, []);

  return (
    <div
      ref={box}
      className={`context-menu${up ? ' context-menu-up' : ''}`}
      role="menu"
      data-testid="context-menu"
      onKeyDown={(e) => {
        gridKeys(e, 1);
      }}
    >
      {entries.map((entry, i) => (
        <button
          key={entry.testId}
          type="button"
          role="menuitem"
          className="menu-action"
          data-testid={entry.testId}
          autoFocus={i === 0}
          onClick={() => {
            // The entry is about to unmount: focus goes back to its item first, so a keyboard user
            // is not dropped to the top of the page, and a dialog opened by the action (unsend,
            // info) hands focus back to the item when it closes.
            box.current?.parentElement?.focus({ preventScroll: true });
            onClose();
            entry.action();
          }}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}
