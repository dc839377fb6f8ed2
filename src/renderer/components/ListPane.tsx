import type { ReactNode } from 'react';
import { SearchIcon } from './Icons';

interface ListPaneProps {
  readonly title: string;
  readonly searchLabel?: string;
  readonly search?: string;
  readonly onSearch?: (value: string) => void;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

/** The second column: a section's title, its search field and its list. */
export function ListPane({ title, searchLabel, search, onSearch, actions, children }: ListPaneProps) {
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
            type="search"
            value={search ?? ''}
            placeholder={searchLabel}
            aria-label={searchLabel}
            onChange={(e) => {
              onSearch(e.target.value);
            }}
          />
        </label>
      )}
      <div className="list-pane-body">{children}</div>
    </aside>
  );
}
