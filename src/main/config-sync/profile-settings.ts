/**
 * UserProfile `M`, "message requests from communities", synced as Session does, between the
 * config and the setting here.
 */
import type { UserProfile } from '../../swarm/config';

/** The setting here (absent = the client default, on). */
export interface CommunityRequestsSetting {
  get(): boolean;
  set(value: boolean): void;
}

/** UserProfile `M` → the setting here, when another device set it (absent: ours stays). */
export function applyProfileSettings(profile: UserProfile, c: CommunityRequestsSetting | undefined): void {
  const remote = profile.blindedMessageRequests;
  if (c && remote !== undefined && remote !== c.get()) c.set(remote);
}

/** The setting here → UserProfile `M` (written always, as Session's desktop does). */
export function collectProfileSettings(profile: UserProfile, c: CommunityRequestsSetting | undefined): void {
  if (c) profile.setBlindedMessageRequests(c.get());
}
