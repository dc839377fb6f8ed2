import { useEffect, useId, useRef, type ReactNode } from 'react';
import { focusedElement, returnFocus } from './focus';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly testId?: string;
  /** A destructive confirm button (the default), else a primary one. */
  readonly danger?: boolean;
  /** Esc cancels the dialog only, not a panel around it that also closes on Esc. */
  readonly containEscape?: boolean;
  /** A choice between the question and the buttons (a checkbox). */
  readonly children?: ReactNode;
}

/**
 * A modal question with Cancel and a destructive confirm button. The native `<dialog>` opened
 * with `showModal()` traps focus, makes the rest of the page inert and turns Esc into a
 * `cancel` event, so keyboard users get the platform's behaviour for free. Cancel has the
 * focus first: Enter on an unread dialog must not block anyone.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, body, confirmLabel, cancelLabel, onConfirm, onCancel, testId, children } = props;
  const { danger = true, containEscape = false } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = focusedElement();
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      returnFocus(opener);
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
        // Esc: close through React state, not behind its back.
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={
        containEscape
          ? (e) => {
              // The native cancel event still follows: only the panel around misses this Esc.
              if (e.key === 'Escape') e.stopPropagation();
            }
          : undefined
      }
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
