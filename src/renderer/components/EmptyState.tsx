import type { ReactNode } from 'react';

interface EmptyStateProps {
  readonly icon: ReactNode;
  readonly title: string;
  readonly body: string;
  readonly hint?: string;
  readonly children?: ReactNode;
}

/** A calm, useful empty state: what this place is for and what to do next. */
export function EmptyState({ icon, title, body, hint, children }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <div className="empty-state-icon">{icon}</div>
      <h2 className="empty-state-title">{title}</h2>
      <p className="empty-state-body">{body}</p>
      {hint !== undefined && <p className="empty-state-hint">{hint}</p>}
      {children}
    </div>
  );
}
