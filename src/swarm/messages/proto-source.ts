/**
 * Session's protobuf schema (proto2, package `SessionProtos`), as a string parsed at module load
 * by protobufjs (no code generation step, so it runs the same under tsx, vitest and a Vite build).
 *
 * Field numbers and labels: ../shared/protocol/identity-and-messages.md §5, taken from
 * session-desktop `protos/SignalService.proto` (HEAD) and libsession-util
 * `proto/SessionProtos.proto` @ 015af4a. Names follow the reference tables (Desktop's newer names
 * where the two differ); names never travel on the wire, numbers do.
 *
 * Our deliberate choices, each wire-identical to upstream:
 * - Retired numbers are `reserved` (Desktop HEAD does the same), so they are skipped as unknown.
 *   Except `Quote.text` (3) and `Quote.attachments` (4): Desktop HEAD reserves them, but
 *   libsession (iOS, Android) still declares and shows them when the quoted message is not on the
 *   device, so we send them and read them (docs/protocol-notes.md, "Quotes").
 * - `Content.proMessage` (16) and `DataMessage.groupUpdateMessage` (120) are declared `bytes`:
 *   a length-delimited field reads the same whether typed as a message or as bytes, and keeping
 *   the serialized sub-message opaque means the Pro proof (whose layout the sources disagree on,
 *   §5.4) and group control messages (owned by the groups layer, which can decode the bytes with
 *   the `GroupUpdateMessage` type declared below) never make a 1-to-1 message undecodable.
 * - WebSocketResponseMessage (only in libsession's WebSocketResources.proto, unused) is left out;
 *   `WebSocketMessage.response` (3) is therefore skipped as an unknown field.
 */
export const SESSION_PROTO_SOURCE = `
syntax = "proto2";
package SessionProtos;

message Envelope {
  enum Type {
    SESSION_MESSAGE      = 6;
    CLOSED_GROUP_MESSAGE = 7;
  }
  required Type   type            = 1;
  optional string source          = 2;
  required uint64 timestamp       = 5;
  optional uint32 sourceDevice    = 7;
  optional bytes  content         = 8;
  optional uint64 serverTimestamp = 10;
  optional bytes  proSig          = 11;
}

message WebSocketRequestMessage {
  optional string verb      = 1;
  optional string path      = 2;
  optional bytes  body      = 3;
  optional uint64 requestId = 4;
  repeated string headers   = 5;
}

message WebSocketMessage {
  enum Type {
    UNKNOWN  = 0;
    REQUEST  = 1;
    RESPONSE = 2;
  }
  optional Type                    type    = 1;
  optional WebSocketRequestMessage request = 2;
}

message Content {
  reserved 7, 11, 14;
  reserved "configurationMessage", "sharedConfigMessage", "lastDisappearingMessageChangeTimestamp";

  enum ExpirationType {
    UNKNOWN           = 0;
    DELETE_AFTER_READ = 1;
    DELETE_AFTER_SEND = 2;
  }

  optional DataMessage                dataMessage                   = 1;
  optional CallMessage                callMessage                   = 3;
  optional ReceiptMessage             receiptMessage                = 5;
  optional TypingMessage              typingMessage                 = 6;
  optional DataExtractionNotification dataExtractionNotification    = 8;
  optional UnsendRequest              unsendRequest                 = 9;
  optional MessageRequestResponse     messageRequestResponse        = 10;
  optional ExpirationType             expirationType                = 12;
  optional uint32                     expirationTimer               = 13;
  optional uint64                     sigTimestamp                  = 15;
  optional bytes                      proMessage                    = 16;
  optional bytes                      proSigForCommunityMessageOnly = 17;
}

message LokiProfile {
  optional string displayName              = 1;
  optional string profilePicture           = 2;
  optional uint64 lastProfileUpdateSeconds = 3;
}

message DataMessage {
  reserved 3, 5, 7, 104;
  reserved "group", "expireTimer", "timestamp", "closedGroupControlMessage";

  enum Flags {
    EXPIRATION_TIMER_UPDATE = 2;
  }

  message Quote {
    message QuotedAttachment {
      optional string            contentType = 1;
      optional string            fileName    = 2;
      optional AttachmentPointer thumbnail   = 3;
      optional uint32            flags       = 4;
    }
    required uint64           id          = 1;
    required string           author      = 2;
    optional string           text        = 3;
    repeated QuotedAttachment attachments = 4;
  }

  message Preview {
    required string            url   = 1;
    optional string            title = 2;
    optional AttachmentPointer image = 3;
  }

  message Reaction {
    enum Action {
      REACT  = 0;
      REMOVE = 1;
    }
    required uint64 id     = 1;
    required string author = 2;
    optional string emoji  = 3;
    required Action action = 4;
  }

  message CommunityInvitation {
    required string url  = 1;
    required string name = 3;
  }

  optional string              body                           = 1;
  repeated AttachmentPointer   attachments                    = 2;
  optional uint32              flags                          = 4;
  optional bytes               profileKey                     = 6;
  optional Quote               quote                          = 8;
  repeated Preview             preview                        = 10;
  optional Reaction            reaction                       = 11;
  optional LokiProfile         profile                        = 101;
  optional CommunityInvitation communityInvitation            = 102;
  optional string              syncTarget                     = 105;
  optional bool                blocksCommunityMessageRequests = 106;
  optional bytes               groupUpdateMessage             = 120;
}

message CallMessage {
  enum Type {
    PRE_OFFER          = 6;
    OFFER              = 1;
    ANSWER             = 2;
    PROVISIONAL_ANSWER = 3;
    ICE_CANDIDATES     = 4;
    END_CALL           = 5;
  }
  required Type   type            = 1;
  repeated string sdps            = 2;
  repeated uint32 sdpMLineIndexes = 3;
  repeated string sdpMids         = 4;
  required string uuid            = 5;
}

message ReceiptMessage {
  enum Type {
    DELIVERY = 0;
    READ     = 1;
  }
  required Type   type      = 1;
  repeated uint64 timestamp = 2;
}

message TypingMessage {
  enum Action {
    STARTED = 0;
    STOPPED = 1;
  }
  required uint64 timestamp = 1;
  required Action action    = 2;
}

message UnsendRequest {
  required uint64 timestamp = 1;
  required string author    = 2;
}

message MessageRequestResponse {
  required bool        isApproved = 1;
  optional bytes       profileKey = 2;
  optional LokiProfile profile    = 3;
}

message DataExtractionNotification {
  enum Type {
    SCREENSHOT  = 1;
    MEDIA_SAVED = 2;
  }
  required Type   type      = 1;
  optional uint64 timestamp = 2;
}

message AttachmentPointer {
  reserved 5;
  reserved "thumbnail";
  enum Flags {
    VOICE_MESSAGE = 1;
  }
  required fixed64 id          = 1;
  optional string  contentType = 2;
  optional bytes   key         = 3;
  optional uint32  size        = 4;
  optional bytes   digest      = 6;
  optional string  fileName    = 7;
  optional uint32  flags       = 8;
  optional uint32  width       = 9;
  optional uint32  height      = 10;
  optional string  caption     = 11;
  optional string  url         = 101;
}

message GroupUpdateMessage {
  optional GroupUpdateInviteMessage                 inviteMessage                 = 1;
  optional GroupUpdateInfoChangeMessage             infoChangeMessage             = 2;
  optional GroupUpdateMemberChangeMessage           memberChangeMessage           = 3;
  optional GroupUpdatePromoteMessage                promoteMessage                = 4;
  optional GroupUpdateMemberLeftMessage             memberLeftMessage             = 5;
  optional GroupUpdateInviteResponseMessage         inviteResponse                = 6;
  optional GroupUpdateDeleteMemberContentMessage    deleteMemberContent           = 7;
  optional GroupUpdateMemberLeftNotificationMessage memberLeftNotificationMessage = 8;
}

message GroupUpdateInviteMessage {
  required string groupSessionId = 1;
  required string name           = 2;
  required bytes  memberAuthData = 3;
  required bytes  adminSignature = 4;
}

message GroupUpdateInfoChangeMessage {
  enum Type {
    NAME                  = 1;
    AVATAR                = 2;
    DISAPPEARING_MESSAGES = 3;
  }
  required Type   type              = 1;
  optional string updatedName       = 2;
  optional uint32 updatedExpiration = 3;
  required bytes  adminSignature    = 4;
}

message GroupUpdateMemberChangeMessage {
  enum Type {
    ADDED    = 1;
    REMOVED  = 2;
    PROMOTED = 3;
  }
  required Type   type             = 1;
  repeated string memberSessionIds = 2;
  optional bool   historyShared    = 3;
  required bytes  adminSignature   = 4;
}

message GroupUpdatePromoteMessage {
  required bytes  groupIdentitySeed = 1;
  required string name              = 2;
}

message GroupUpdateMemberLeftMessage {}

message GroupUpdateMemberLeftNotificationMessage {}

message GroupUpdateInviteResponseMessage {
  required bool isApproved = 1;
}

message GroupUpdateDeleteMemberContentMessage {
  repeated string memberSessionIds = 1;
  repeated string messageHashes    = 2;
  optional bytes  adminSignature   = 3;
}
`;
