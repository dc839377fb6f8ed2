import { ConfirmDialog, type ConfirmDialogProps } from '../components/ConfirmDialog';

/**
 * A modal question about a group (leave, delete, remove a member…): ConfirmDialog, with room for
 * a choice (a checkbox) as its children. It opens over the group's panel, which closes on Esc
 * too: Esc here cancels the dialog only.
 */
export function GroupDialog(props: ConfirmDialogProps & { readonly testId: string }) {
  return <ConfirmDialog {...props} containEscape />;
}
