import { useEffect, type RefObject } from 'react';

/**
 * Where focus goes when a screen or a step appears (WCAG 2.4.3): its first text field when it has
 * one, else its heading, made focusable from script only (tabindex -1, so Tab does not stop there).
 * Without it, focus falls to <body> when the element that had it is removed.
 */
export function focusArrival(root: HTMLElement | null, heading = 'h1, h2'): void {
  if (!root) return;
  const field = root.querySelector<HTMLElement>(
    'input:not([type=hidden]):not([type=file]):not([type=radio]):not([type=checkbox]):not([disabled]), textarea:not([disabled])',
  );
  if (field) {
    field.focus();
    return;
  }
  focusHeading(root, heading);
}

/** Moves focus to the first heading under `root` (made focusable from script only). */
export function focusHeading(root: HTMLElement | null, heading = 'h1, h2'): void {
  const h = root?.querySelector<HTMLElement>(heading);
  if (!h) return;
  if (!h.hasAttribute('tabindex')) h.tabIndex = -1;
  h.focus();
}

/** Runs focusArrival on `ref` each time `key` changes (a new step, a new screen). */
export function useFocusOnArrival(ref: RefObject<HTMLElement | null>, key: unknown, fieldFirst = true): void {
  useEffect(() => {
    if (fieldFirst) focusArrival(ref.current);
    else focusHeading(ref.current);
  }, [ref, key, fieldFirst]);
}

/**
 * Focuses what `selector` finds once React has rendered it (the next frames): for a control that
 * appears because of the action just taken (the composer after Accept, after opening a conversation).
 */
export function focusSoon(selector: string, tries = 10): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) el.focus();
    else if (tries > 0) focusSoon(selector, tries - 1);
  });
}

/** What has the focus now, to hand it back with `returnFocus` when a dialog opened over it closes. */
export function focusedElement(): HTMLElement | null {
  return document.activeElement instanceof HTMLElement ? document.activeElement : null;
}

/**
 * After a dialog has gone (the next frame: React has removed it by then), focus goes back to
 * what had it before the dialog opened, if that is still on the page and nothing else took it.
 * The browser does so only for a dialog closed with close(), not for one React removes:
 * cancelling a message's "Delete for everyone?" left keyboard users on <body>.
 */
export function returnFocus(opener: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost && opener?.isConnected === true) opener.focus({ preventScroll: true });
  });
}
