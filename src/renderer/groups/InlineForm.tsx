import type { ReactNode } from 'react';

/** One setting of the group: its labelled field (with its error or help) and the button that sends it. */
export function InlineForm({
  label,
  submit,
  submitTestId,
  busy,
  onSubmit,
  children,
}: {
  readonly label: string;
  readonly submit: string;
  readonly submitTestId: string;
  readonly busy: boolean;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  return (
    <form
      className="group-form group-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label className="field">
        <span className="field-label">{label}</span>
        {children}
      </label>
      <button type="submit" className="button button-small" disabled={busy} data-testid={submitTestId}>
        {submit}
      </button>
    </form>
  );
}
