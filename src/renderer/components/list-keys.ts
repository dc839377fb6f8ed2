import type { KeyboardEvent } from 'react';

/** The rows of a section's list (conversations, rooms, search results, contacts). */
const ROW = 'button.conversation-item';

const plain = (e: KeyboardEvent): boolean => !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey;

/**
 * In a list's search box, Down moves into the list (its first row: the best match of a search),
 * as in a combobox; Alt+Down stays the app's "next conversation".
 */
export function searchBoxKeys(e: KeyboardEvent<HTMLInputElement>, list: HTMLElement | null): void {
  if (e.key !== 'ArrowDown' || !plain(e)) return;
  const first = list?.querySelector<HTMLElement>(ROW);
  if (!first) return;
  e.preventDefault();
  first.focus();
}

/**
 * On a row of the list, Down and Up move to the next and previous row (Up from the first goes
 * back to the search box), Escape goes back to the search box, Enter opens the row (a button).
 * Keys on anything else (a row's open menu) are left alone.
 */
export function listRowKeys(e: KeyboardEvent<HTMLElement>, box: HTMLInputElement | null): void {
  const row = e.target;
  if (!(row instanceof HTMLElement) || !row.matches(ROW) || !plain(e)) return;
  if (e.key === 'Escape') {
    if (!box) return;
    e.preventDefault();
    box.focus();
    return;
  }
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>(ROW)];
  const i = rows.indexOf(row);
  e.preventDefault();
  if (e.key === 'ArrowUp' && i <= 0) box?.focus();
  else rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}
