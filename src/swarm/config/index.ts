/**
 * libsession-compatible user config messages (sync-groups-communities.md §1.3–§1.5), pure:
 * bytes, keys and an injected clock in; bytes and decisions out.
 */
export { ConfigBase, ConfigTooLargeError } from './base';
export type { ConfigPush, ConfigSnapshot, ConfigState, ConfigTypeInfo, IncomingConfig } from './base';
export { UserProfile, USER_PROFILE } from './user-profile';
export { Contacts, CONTACTS, emptyContact } from './contacts';
export type { ContactInfo, ExpirationMode, NotifyMode } from './contacts';
export { ConvoInfoVolatile, CONVO_INFO_VOLATILE, PRUNE_HIGH_MS, PRUNE_LOW_MS } from './convo-info-volatile';
export type { ConvoKind, ReadState } from './convo-info-volatile';
export { REMOVED_STATUS, UserGroups, USER_GROUPS } from './user-groups';
export type { CommunityEntry, GroupCommon, GroupV2Entry, LegacyGroupEntry } from './user-groups';
export type { ProfilePic } from './fields';
export { canonicalCommunityUrl } from './community-url';
export {
  decryptConfig,
  encryptConfig,
  ENCRYPT_OVERHEAD,
  MAX_MESSAGE_SIZE,
  openConfigPlaintext,
  paddedSize,
  padConfigPlaintext,
  sealConfigMessage,
} from './encrypt';
export type { ConfigDecryptError, ConfigPlaintextError } from './encrypt';
export { unwrapConfig, wrapConfig } from './wrapper';
export type { SharedConfigKind, UnwrapConfigError } from './wrapper';
export { configHash, parseConfigMessage, serializeMessage } from './message';
export type { ConfigMessage, ConfigMessageError } from './message';
export { mergeConfigMessages } from './merge';
export type { MergeOutcome } from './merge';
export type { DumpError } from './dump';
