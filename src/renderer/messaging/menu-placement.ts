/** The vertical extent of a box on screen (a DOMRect has these). */
export interface VerticalBox {
  readonly top: number;
  readonly bottom: number;
}

/**
 * Whether a message's context menu opens above its bubble rather than below. It opens below while
 * it fits inside the visible part of the message list; a menu below the last messages would
 * otherwise be cut off by the list's edge (its last items, such as Delete, out of reach). When
 * it fits neither way, it goes where more of it shows.
 */
export function opensUpward(bubble: VerticalBox, menuHeight: number, view: VerticalBox): boolean {
  const below = view.bottom - bubble.bottom;
  if (below >= menuHeight) return false;
  return bubble.top - view.top > below;
}
