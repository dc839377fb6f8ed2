import { snippetParts } from './fold';

/** A search snippet with its matches marked (elements, never HTML from the text). */
export function Highlighted({ snippet }: { readonly snippet: string }) {
  return (
    <>
      {snippetParts(snippet).map((p, i) =>
        p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}
