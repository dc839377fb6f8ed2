import { useEffect, useRef } from 'react';

/**
 * A native modal `<dialog>` opened on mount: focus trapped, the page inert, Esc as `cancel`.
 * On unmount, focus goes back where it was (or where `returnTo` says, read at that moment).
 */
export function useModal(returnTo?: { readonly current: (() => HTMLElement | null) | undefined }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      // The caller's choice as it stands at closing (set by what closed it), not at opening.
      // eslint-disable-next-line react-hooks/exhaustive-deps -- read at close on purpose
      const target = returnTo?.current?.() ?? before;
      // After React has removed the dialog: focusing inside it would be lost.
      requestAnimationFrame(() => {
        if (target?.isConnected) target.focus();
      });
    };
  }, [returnTo]);
  return ref;
}
