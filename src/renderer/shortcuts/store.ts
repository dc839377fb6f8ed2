import { create } from 'zustand';

/** Which keyboard overlay is open: the shortcuts sheet or the quick switcher (one at a time). */
interface KeyboardUi {
  readonly open: 'sheet' | 'switcher' | undefined;
  show: (which: 'sheet' | 'switcher') => void;
  close: () => void;
}

export const useKeyboardUi = create<KeyboardUi>()((set) => ({
  open: undefined,
  show(which) {
    set({ open: which });
  },
  close() {
    set({ open: undefined });
  },
}));
