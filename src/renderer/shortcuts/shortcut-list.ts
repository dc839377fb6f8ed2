/**
 * Every shortcut of the app, in one place: the sheet (Ctrl+/) and Settings → About read it, so
 * a shortcut added here is documented there. Keys are catalog keys (`shortcuts.*`), or a literal
 * character for letters, digits and signs that read the same in every language.
 */
export type Key = { readonly label: string } | { readonly literal: string };
/** One way to press it: keys held together. */
export type Combo = readonly Key[];

export interface Shortcut {
  readonly id: string;
  /** `shortcuts.<what>` */
  readonly what: string;
  /** Alternatives (“or”). */
  readonly combos: readonly Combo[];
}

export interface ShortcutGroup {
  readonly title: string;
  readonly items: readonly Shortcut[];
}

const k = (label: string): Key => ({ label: `shortcuts.${label}` });
const lit = (literal: string): Key => ({ literal });
const MOD = k('ctrl');

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'shortcuts.general',
    items: [
      { id: 'sheet', what: 'shortcuts.sheet', combos: [[MOD, lit('/')]] },
      { id: 'switcher', what: 'shortcuts.quickSwitcher', combos: [[MOD, lit('K')]] },
      { id: 'search', what: 'shortcuts.search', combos: [[MOD, lit('F')]] },
      {
        id: 'sections',
        what: 'shortcuts.sections',
        combos: [
          [MOD, lit('1')],
          [MOD, lit('2')],
          [MOD, lit('3')],
        ],
      },
      { id: 'lock', what: 'shortcuts.lock', combos: [[MOD, lit('L')]] },
      { id: 'zoom-in', what: 'shortcuts.zoomIn', combos: [[MOD, lit('+')]] },
      { id: 'zoom-out', what: 'shortcuts.zoomOut', combos: [[MOD, lit('−')]] },
      { id: 'zoom-reset', what: 'shortcuts.zoomReset', combos: [[MOD, lit('0')]] },
      { id: 'close', what: 'shortcuts.closePanel', combos: [[k('escape')]] },
    ],
  },
  {
    title: 'shortcuts.conversations',
    items: [
      { id: 'previous', what: 'shortcuts.previous', combos: [[k('alt'), k('up')]] },
      { id: 'next', what: 'shortcuts.next', combos: [[k('alt'), k('down')]] },
      // ListPane (list-keys.ts): from the search box into the results and back.
      { id: 'list-rows', what: 'listKeys.rows', combos: [[k('down')], [k('up')]] },
      { id: 'list-search', what: 'listKeys.backToSearch', combos: [[k('escape')]] },
    ],
  },
  {
    title: 'shortcuts.composer',
    items: [
      { id: 'send', what: 'shortcuts.send', combos: [[k('enter')]] },
      { id: 'new-line', what: 'shortcuts.newLine', combos: [[k('shift'), k('enter')]] },
      { id: 'cancel-reply', what: 'shortcuts.cancelReply', combos: [[k('escape')]] },
    ],
  },
  {
    title: 'shortcuts.messages',
    items: [
      {
        id: 'message-menu',
        what: 'shortcuts.messageMenu',
        combos: [[k('menuKey')], [k('shift'), lit('F10')]],
      },
      { id: 'message-info', what: 'shortcuts.messageInfo', combos: [[lit('I')]] },
      { id: 'message-copy', what: 'shortcuts.messageCopy', combos: [[lit('C')]] },
      { id: 'message-resend', what: 'shortcuts.messageResend', combos: [[lit('R')], [k('enter')]] },
      { id: 'message-delete', what: 'shortcuts.messageDelete', combos: [[k('delete')]] },
    ],
  },
  {
    title: 'communityPost.keys.title',
    items: [
      { id: 'post-menu', what: 'shortcuts.messageMenu', combos: [[k('menuKey')], [k('shift'), lit('F10')]] },
      { id: 'post-info', what: 'communityPost.keys.info', combos: [[lit('I')]] },
      { id: 'post-copy', what: 'communityPost.keys.copy', combos: [[lit('C')]] },
      { id: 'post-delete', what: 'communityPost.keys.delete', combos: [[k('delete')]] },
    ],
  },
  {
    title: 'shortcuts.media',
    items: [
      { id: 'media-previous', what: 'shortcuts.mediaPrevious', combos: [[k('left')], [k('right')]] },
      { id: 'media-zoom', what: 'shortcuts.mediaZoom', combos: [[lit('+')], [lit('−')]] },
    ],
  },
];
