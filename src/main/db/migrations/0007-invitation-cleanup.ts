/**
 * Version 7: a community invitation's details leave with their message.
 *
 * A received invitation (name and URL) is kept beside its message in `settings_kv` under
 * `invitation.<message id>` (src/main/messaging/community-invitation.ts). Nothing removed it:
 * deleting the message, a disappearing timer or an unsend left a stranger's community URL in the
 * profile. These triggers remove it whatever deletes or unsends the message, as the attachments'
 * triggers do for their files, and the step drops what earlier versions left behind.
 */
import type { Migration } from './migration';

const SCHEMA = `
CREATE TRIGGER messages_invitation_deleted AFTER DELETE ON messages BEGIN
  DELETE FROM settings_kv WHERE key = 'invitation.' || OLD.id;
END;
CREATE TRIGGER messages_invitation_unsent AFTER UPDATE OF deleted_at ON messages
  WHEN NEW.deleted_at IS NOT NULL BEGIN
  DELETE FROM settings_kv WHERE key = 'invitation.' || NEW.id;
END;
DELETE FROM settings_kv
  WHERE key LIKE 'invitation.%'
    AND substr(key, 12) NOT IN (SELECT id FROM messages WHERE deleted_at IS NULL);
`;

export const migration0007: Migration = {
  version: 7,
  name: 'invitation-cleanup',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
