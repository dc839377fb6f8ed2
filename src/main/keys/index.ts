/** Keys at rest: public surface of src/main/keys. */
export { MasterKeyStore, type KeyStoreOptions } from './key-store';
export { deriveSubkey, wipe, type MasterKey, type SubkeyPurpose } from './master-key';
export { DEFAULT_PWHASH_LIMITS } from './password-protection';
export { PROTECTION_KINDS, HEADER_FILE, KEY_FILE } from './header';
export type {
  KeyProtection,
  ProtectionKind,
  ProtectionRequest,
  PwhashLimits,
  SafeStorageLike,
} from './protection';
