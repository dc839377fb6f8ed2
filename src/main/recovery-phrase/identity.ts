import { decodeRecoveryPhrase } from '../../crypto/recovery-phrase';
import { identityFromSeed, type Identity } from '../../crypto/keys';
import { phraseError } from '../account/errors';
import { wipe } from '../keys/master-key';

/** The keys of a recovery phrase, or the phrase error the user can act on. */
export function identityOfPhrase(phrase: string): Identity {
  const decoded = decodeRecoveryPhrase(phrase);
  if (!decoded.ok) throw phraseError(decoded.error);
  try {
    return identityFromSeed(decoded.seed);
  } finally {
    wipe(decoded.seed);
  }
}
