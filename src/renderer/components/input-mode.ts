import type { FocusEvent, KeyboardEvent, PointerEvent } from 'react';

/**
 * Which of the pointer and the keyboard a list was last used with, kept as `data-input` on the
 * list's element ("pointer" or "keyboard"), so its styles can show a post's hover bar on the post
 * under the pointer or on the focused post, never both (communities.css). Focus alone cannot tell:
 * a quote pressed with the mouse focuses the post it jumps to, and so does a click on a post.
 * Set on the element itself, not in React state: the pointer moves often and nothing re-renders.
 */
export type InputMode = 'pointer' | 'keyboard';

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph']);

function mark(el: HTMLElement, mode: InputMode): void {
  if (el.dataset.input !== mode) el.dataset.input = mode;
}

/** Handlers for the list's element (their events bubble up from every row). */
export const inputModeHandlers = {
  onPointerMove: (e: PointerEvent<HTMLElement>): void => {
    mark(e.currentTarget, 'pointer');
  },
  onPointerDown: (e: PointerEvent<HTMLElement>): void => {
    mark(e.currentTarget, 'pointer');
  },
  onKeyDown: (e: KeyboardEvent<HTMLElement>): void => {
    // A modifier held alone (Shift while scrolling with the wheel) moves no focus.
    if (!MODIFIERS.has(e.key)) mark(e.currentTarget, 'keyboard');
  },
  /**
   * Focus that came from the keyboard outside the list (Tab from the composer): the browser's
   * own judgement, `:focus-visible`. A focus the pointer caused (a click, a quote pressed with
   * the mouse) does not match it and changes nothing.
   */
  onFocus: (e: FocusEvent<HTMLElement>): void => {
    if (e.target instanceof Element && e.target.matches(':focus-visible')) mark(e.currentTarget, 'keyboard');
  },
};
