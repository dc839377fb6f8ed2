/**
 * Version 8 is reserved for another branch's migration (communities were given 0009). This step
 * changes nothing; when the branch that owns 0008 is merged, its migration replaces this file.
 */
import type { Migration } from './migration';

export const migration0008: Migration = {
  version: 8,
  name: 'reserved',
  up: () => {
    /* reserved number: see the module comment */
  },
};
