/**
 * Plain protobufjs objects → our typed messages (types.ts), one function per message, field by
 * field. Unknown fields never reach here (protobufjs skips them; see schema.ts).
 */
import { conv, msg, opt, optField, repField, reqField } from './narrow';
import type { Obj } from './narrow';
import type {
  AttachmentPointer,
  CallMessage,
  CommunityInvitation,
  ContentMessage,
  DataExtractionNotification,
  DataMessage,
  Envelope,
  LokiProfile,
  MessageRequestResponse,
  Preview,
  Quote,
  QuotedAttachment,
  Reaction,
  ReceiptMessage,
  TypingMessage,
  UnsendRequest,
  WebSocketMessage,
  WebSocketRequestMessage,
} from './types';

const { str, u32, u64, fixed64, bool, bytes, enumOf } = conv;

export function envelopeFromObject(o: Obj): Envelope {
  return {
    type: reqField(o, 'type', enumOf(['SESSION_MESSAGE', 'CLOSED_GROUP_MESSAGE'] as const)),
    ...opt('source', optField(o, 'source', str)),
    timestamp: reqField(o, 'timestamp', u64),
    ...opt('sourceDevice', optField(o, 'sourceDevice', u32)),
    ...opt('content', optField(o, 'content', bytes)),
    ...opt('serverTimestamp', optField(o, 'serverTimestamp', u64)),
    ...opt('proSig', optField(o, 'proSig', bytes)),
  };
}

function requestFromObject(o: Obj): WebSocketRequestMessage {
  return {
    ...opt('verb', optField(o, 'verb', str)),
    ...opt('path', optField(o, 'path', str)),
    ...opt('body', optField(o, 'body', bytes)),
    ...opt('requestId', optField(o, 'requestId', u64)),
    ...opt('headers', repField(o, 'headers', str)),
  };
}

export function webSocketMessageFromObject(o: Obj): WebSocketMessage {
  return {
    ...opt('type', optField(o, 'type', enumOf(['UNKNOWN', 'REQUEST', 'RESPONSE'] as const))),
    ...opt('request', optField(o, 'request', msg(requestFromObject))),
  };
}

function profileFromObject(o: Obj): LokiProfile {
  return {
    ...opt('displayName', optField(o, 'displayName', str)),
    ...opt('profilePicture', optField(o, 'profilePicture', str)),
    ...opt('lastProfileUpdateSeconds', optField(o, 'lastProfileUpdateSeconds', u64)),
  };
}

function attachmentFromObject(o: Obj): AttachmentPointer {
  return {
    id: reqField(o, 'id', fixed64),
    ...opt('contentType', optField(o, 'contentType', str)),
    ...opt('key', optField(o, 'key', bytes)),
    ...opt('size', optField(o, 'size', u32)),
    ...opt('digest', optField(o, 'digest', bytes)),
    ...opt('fileName', optField(o, 'fileName', str)),
    ...opt('flags', optField(o, 'flags', u32)),
    ...opt('width', optField(o, 'width', u32)),
    ...opt('height', optField(o, 'height', u32)),
    ...opt('caption', optField(o, 'caption', str)),
    ...opt('url', optField(o, 'url', str)),
  };
}

function quotedAttachmentFromObject(o: Obj): QuotedAttachment {
  return {
    ...opt('contentType', optField(o, 'contentType', str)),
    ...opt('fileName', optField(o, 'fileName', str)),
    ...opt('thumbnail', optField(o, 'thumbnail', msg(attachmentFromObject))),
    ...opt('flags', optField(o, 'flags', u32)),
  };
}

function quoteFromObject(o: Obj): Quote {
  return {
    id: reqField(o, 'id', u64),
    author: reqField(o, 'author', str),
    ...opt('text', optField(o, 'text', str)),
    ...opt('attachments', repField(o, 'attachments', msg(quotedAttachmentFromObject))),
  };
}

function previewFromObject(o: Obj): Preview {
  return {
    url: reqField(o, 'url', str),
    ...opt('title', optField(o, 'title', str)),
    ...opt('image', optField(o, 'image', msg(attachmentFromObject))),
  };
}

function reactionFromObject(o: Obj): Reaction {
  return {
    id: reqField(o, 'id', u64),
    author: reqField(o, 'author', str),
    ...opt('emoji', optField(o, 'emoji', str)),
    action: reqField(o, 'action', enumOf(['REACT', 'REMOVE'] as const)),
  };
}

function invitationFromObject(o: Obj): CommunityInvitation {
  return { url: reqField(o, 'url', str), name: reqField(o, 'name', str) };
}

function dataMessageFromObject(o: Obj): DataMessage {
  return {
    ...opt('body', optField(o, 'body', str)),
    ...opt('attachments', repField(o, 'attachments', msg(attachmentFromObject))),
    ...opt('flags', optField(o, 'flags', u32)),
    ...opt('profileKey', optField(o, 'profileKey', bytes)),
    ...opt('quote', optField(o, 'quote', msg(quoteFromObject))),
    ...opt('preview', repField(o, 'preview', msg(previewFromObject))),
    ...opt('reaction', optField(o, 'reaction', msg(reactionFromObject))),
    ...opt('profile', optField(o, 'profile', msg(profileFromObject))),
    ...opt('communityInvitation', optField(o, 'communityInvitation', msg(invitationFromObject))),
    ...opt('syncTarget', optField(o, 'syncTarget', str)),
    ...opt('blocksCommunityMessageRequests', optField(o, 'blocksCommunityMessageRequests', bool)),
    ...opt('groupUpdateMessage', optField(o, 'groupUpdateMessage', bytes)),
  };
}

const CALL_TYPES = [
  'PRE_OFFER',
  'OFFER',
  'ANSWER',
  'PROVISIONAL_ANSWER',
  'ICE_CANDIDATES',
  'END_CALL',
] as const;

function callFromObject(o: Obj): CallMessage {
  return {
    type: reqField(o, 'type', enumOf(CALL_TYPES)),
    ...opt('sdps', repField(o, 'sdps', str)),
    ...opt('sdpMLineIndexes', repField(o, 'sdpMLineIndexes', u32)),
    ...opt('sdpMids', repField(o, 'sdpMids', str)),
    uuid: reqField(o, 'uuid', str),
  };
}

function receiptFromObject(o: Obj): ReceiptMessage {
  return {
    type: reqField(o, 'type', enumOf(['DELIVERY', 'READ'] as const)),
    ...opt('timestamp', repField(o, 'timestamp', u64)),
  };
}

function typingFromObject(o: Obj): TypingMessage {
  return {
    timestamp: reqField(o, 'timestamp', u64),
    action: reqField(o, 'action', enumOf(['STARTED', 'STOPPED'] as const)),
  };
}

function unsendFromObject(o: Obj): UnsendRequest {
  return { timestamp: reqField(o, 'timestamp', u64), author: reqField(o, 'author', str) };
}

function requestResponseFromObject(o: Obj): MessageRequestResponse {
  return {
    isApproved: reqField(o, 'isApproved', bool),
    ...opt('profileKey', optField(o, 'profileKey', bytes)),
    ...opt('profile', optField(o, 'profile', msg(profileFromObject))),
  };
}

function extractionFromObject(o: Obj): DataExtractionNotification {
  return {
    type: reqField(o, 'type', enumOf(['SCREENSHOT', 'MEDIA_SAVED'] as const)),
    ...opt('timestamp', optField(o, 'timestamp', u64)),
  };
}

const EXPIRATION_TYPES = ['UNKNOWN', 'DELETE_AFTER_READ', 'DELETE_AFTER_SEND'] as const;

export function contentFromObject(o: Obj): ContentMessage {
  return {
    ...opt('dataMessage', optField(o, 'dataMessage', msg(dataMessageFromObject))),
    ...opt('callMessage', optField(o, 'callMessage', msg(callFromObject))),
    ...opt('receiptMessage', optField(o, 'receiptMessage', msg(receiptFromObject))),
    ...opt('typingMessage', optField(o, 'typingMessage', msg(typingFromObject))),
    ...opt(
      'dataExtractionNotification',
      optField(o, 'dataExtractionNotification', msg(extractionFromObject)),
    ),
    ...opt('unsendRequest', optField(o, 'unsendRequest', msg(unsendFromObject))),
    ...opt('messageRequestResponse', optField(o, 'messageRequestResponse', msg(requestResponseFromObject))),
    ...opt('expirationType', optField(o, 'expirationType', enumOf(EXPIRATION_TYPES))),
    ...opt('expirationTimer', optField(o, 'expirationTimer', u32)),
    ...opt('sigTimestamp', optField(o, 'sigTimestamp', u64)),
    ...opt('proMessage', optField(o, 'proMessage', bytes)),
    ...opt('proSigForCommunityMessageOnly', optField(o, 'proSigForCommunityMessageOnly', bytes)),
  };
}
