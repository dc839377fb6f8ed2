/** Account of a profile: public surface of src/main/account (main process only). */
export {
  AccountService,
  type AccountServiceOptions,
  type AccountStatus,
  type AccountSummary,
  type CreatedAccount,
  type RestoredAccount,
} from './account-service';
export { AccountError, isAccountError, type AccountErrorCode, type AccountErrorParams } from './errors';
export { DISPLAY_NAME_MAX, normalizeDisplayName } from './display-name';
export { toIpcFailure } from './ipc-errors';
