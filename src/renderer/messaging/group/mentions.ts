/**
 * @mentions in a group's composer: typing "@" after a space (or at the start) opens the list of
 * members matching what follows; the arrows choose, Enter or Tab insert "@Name ", Esc closes.
 * The text shows names; what is sent carries Session's form, "@" + the 05 ID, so every client
 * shows the name it knows and notifies the one mentioned.
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';

export interface Mentionable {
  readonly sessionId: string;
  readonly name: string;
}

const LIST_MAX = 8;

/** The "@query" being typed just before the caret, if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/u.test(before[at - 1] ?? '')) return null;
  const query = before.slice(at + 1);
  if (/\s/u.test(query) || query.length > 40) return null;
  return { start: at, query };
}

export function matching(members: readonly Mentionable[], query: string): Mentionable[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.name.toLowerCase().includes(q) || m.sessionId.startsWith(q))
    .slice(0, LIST_MAX);
}

/** Replaces each inserted "@Name" by "@05…" (longest names first: "Ann" inside "Anna" stays). */
export function toWire(text: string, picked: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [name, id] of [...picked].sort((a, b) => b[0].length - a[0].length))
    out = out.split(`@${name}`).join(`@${id}`);
  return out;
}

export function useMentions(members: readonly Mentionable[], text: string, setText: (t: string) => void) {
  const [open, setOpen] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const picked = useRef(new Map<string, string>());
  const candidates = useMemo(() => (open ? matching(members, open.query) : []), [members, open]);

  const update = useCallback(
    (value: string, caret: number) => {
      if (members.length === 0) return;
      const found = mentionAt(value, caret);
      setOpen(found);
      setActive(0);
    },
    [members.length],
  );

  const insert = useCallback(
    (m: Mentionable, area: HTMLTextAreaElement | null) => {
      if (!open) return;
      const end = open.start + 1 + open.query.length;
      const inserted = `@${m.name} `;
      const next = text.slice(0, open.start) + inserted + text.slice(end);
      picked.current.set(m.name, m.sessionId);
      setText(next);
      setOpen(null);
      const caret = open.start + inserted.length;
      requestAnimationFrame(() => {
        area?.focus();
        area?.setSelectionRange(caret, caret);
      });
    },
    [open, text, setText],
  );

  /** True when the key was for the list (the composer must not act on it). */
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
      if (!open || candidates.length === 0) return false;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + candidates.length) % candidates.length);
        return true;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        const chosen = candidates[active];
        if (chosen) insert(chosen, e.currentTarget);
        return true;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(null);
        return true;
      }
      return false;
    },
    [open, candidates, active, insert],
  );

  return {
    candidates,
    active,
    update,
    insert,
    onKeyDown,
    close: () => {
      setOpen(null);
    },
    /** The text as sent, and forgets what was picked (after a send). */
    wire: (value: string) => toWire(value, picked.current),
    reset: () => {
      picked.current.clear();
    },
  };
}
