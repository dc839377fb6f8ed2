import { useRef, type ReactNode } from 'react';
import { SearchIcon } from './Icons';
import { listRowKeys, searchBoxKeys } from './list-keys';

interface ListPaneProps {
  readonly title: string;
  readonly searchLabel?: string;
  readonly search?: string;
  readonly onSearch?: (value: string) => void;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

/**
 * The second column: a section's title, its search field and its list. Down in the search field
 * moves into the list; Up, Down and Escape on its rows move through it and back to the field.
 */
export function ListPane({ title, searchLabel, search, onSearch, actions, children }: ListPaneProps) {
  const box = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);
  return (
    <aside className="list-pane">
      <header className="list-pane-header">
        <h1 className="list-pane-title">{title}</h1>
        {actions}
      </header>
      {searchLabel !== undefined && onSearch && (
        <label className="search-field">
          <SearchIcon size={17} />
          <input
            ref={box}
            type="search"
            value={search ?? ''}
            placeholder={searchLabel}
            aria-label={searchLabel}
            onChange={(e) => {
              onSearch(e.target.value);
            }}
            onKeyDown={(e) => {
              searchBoxKeys(e, body.current);
            }}
          />
        </label>
      )}
      {/* Keys reach here from the rows (buttons) inside; the container itself takes no focus. */}
      <div
        className="list-pane-body"
        ref={body}
        onKeyDown={(e) => {
          listRowKeys(e, box.current);
        }}
      >
        {children}
      </div>
    </aside>
  );
}
