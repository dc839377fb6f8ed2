/**
 * The 13-word recovery phrase in the app (the word encoding itself is src/crypto/recovery-phrase.ts):
 * the keys it stands for, and the word-by-word check of the restore screen. Its IPC calls keep
 * their names (`account.revealPhrase`, `phrase.check`), as does the CLI's `mnemonic` field.
 */
export { identityOfPhrase } from './identity';
export { checkPhrase } from './check';
