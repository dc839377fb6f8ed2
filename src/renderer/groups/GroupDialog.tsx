import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal question about a group (leave, delete, remove a member…), like ConfirmDialog but with
 * room for a choice (a checkbox). Native `<dialog>` + `showModal()`: focus is trapped, the page
 * behind is inert and Esc cancels. Cancel has the focus first.
 */
export function GroupDialog({
  title,
  body,
  confirmLabel,
  cancelLabel,
  danger = true,
  onConfirm,
  onCancel,
  testId,
  children,
}: {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly testId: string;
  readonly children?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        // Esc cancels the dialog only, not the panel around it (the native cancel event follows).
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <h2 id={titleId} className="confirm-dialog-title" dir="auto">
        {title}
      </h2>
      <p id={bodyId} className="confirm-dialog-body">
        {body}
      </p>
      {children}
      <div className="confirm-dialog-actions">
        <button
          ref={cancelRef}
          type="button"
          className="button"
          data-testid="confirm-cancel"
          onClick={onCancel}
        >
          {cancelLabel}
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          data-testid="confirm-accept"
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
