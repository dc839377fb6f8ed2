import { useEffect, useState } from 'react';

/**
 * Whether a CSS media query matches now, following its changes. For what CSS alone cannot say,
 * such as an ARIA attribute that must agree with the layout a media query chose.
 */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => {
      setMatches(list.matches);
    };
    onChange();
    list.addEventListener('change', onChange);
    return () => {
      list.removeEventListener('change', onChange);
    };
  }, [query]);
  return matches;
}

/** The breakpoint of `styles/narrow.css`, below which the rail is a bar on top (one pane at a time). */
export const NARROW_QUERY = '(max-width: 44em)';
