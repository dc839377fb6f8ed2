import type { KeyboardEvent } from 'react';

/** Moves focus among a container's buttons with the arrow keys (`columns` buttons per row). */
export function gridKeys(e: KeyboardEvent<HTMLElement>, columns: number): void {
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
  const active = document.activeElement;
  const i = buttons.findIndex((b) => b === active);
  if (i < 0) return;
  const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[e.key];
  if (step === undefined) return;
  e.preventDefault();
  buttons[Math.max(0, Math.min(buttons.length - 1, i + step))]?.focus();
}
