/**
 * What the bench parent and its child processes say to each other over the fork IPC channel.
 * Each command maps to its argument and result types, so both sides are checked by tsc.
 */

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface OpenOptions {
  readonly profileDir: string;
  readonly seedUrl: string;
  /** Own-swarm polling; Session's 5 s when omitted. */
  readonly pollIntervalMs?: number;
  /** Creates the account when the profile has none (restores it with `phrase` when given). */
  readonly displayName?: string;
  /** A recovery phrase to restore the account from, instead of creating a new one. */
  readonly phrase?: string;
  /** Serves the built renderer from this folder behind the browser host. */
  readonly staticDir?: string;
}

export interface OpenResult {
  readonly sessionId: string;
  /** performance.timeOrigin of the child: its process start. */
  readonly processStart: number;
  readonly openCalledAt: number;
  readonly openedAt: number;
  readonly hostReadyAt: number | null;
  readonly url: string | null;
}

/** The browser host is serving (pushed as `host` before the core has opened). */
export interface HostReady {
  readonly url: string;
  readonly hostReadyAt: number;
}

export interface Usage {
  readonly at: number;
  /** user + system CPU since process start, ms. */
  readonly cpuMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly maxRssBytes: number;
}

/** One late tick of the 10 ms sampler: the loop was held for about `ms` until `endedAt`. */
export interface LoopBlock {
  readonly endedAt: number;
  readonly ms: number;
}

export interface LoopStats {
  /** Longest event-loop delay seen by monitorEventLoopDelay (10 ms resolution), ms. */
  readonly maxDelayMs: number;
  readonly p99DelayMs: number;
  /** Longest gap between ticks of a 10 ms interval, minus 10 ms. */
  readonly maxIntervalGapMs: number;
  readonly windowMs: number;
  /** The longest blocks (≥ 5 ms), longest first. */
  readonly blocks: readonly LoopBlock[];
}

/** Selects messages from `messages.changed` events by body prefix, direction and status. */
export interface MessageFilter {
  readonly prefix: string;
  readonly direction: 'in' | 'out';
  readonly status?: string;
}

export interface BareResult {
  readonly n: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  /** CPU ms per message for each group of operations (measured separately). */
  readonly perMessageMs: Readonly<Record<string, number>>;
}

export interface TlsResult {
  readonly n: number;
  /** Client CPU per request with a new TLS connection each time (agent: false), ms. */
  readonly freshConnectionCpuMs: number;
  /** Client CPU per request over one kept-alive TLS connection, ms. */
  readonly keepAliveCpuMs: number;
}

/** A type alias, not an interface: it must fit `CommandMap`'s index signature. */
export type CoreCommands = {
  open: { args: OpenOptions; result: OpenResult };
  /** Resolves when the first onion path is ready (epoch ms), or null on timeout. */
  awaitPath: { args: { timeoutMs: number }; result: { pathReadyAt: number | null } };
  dispatch: { args: { name: string; args: unknown }; result: unknown };
  /** Sends each body in order through `messages.send`; returns the time of each call. */
  sendMany: { args: { conversationId: string; bodies: readonly string[] }; result: { sentAt: number[] } };
  /** Starts reporting matching messages to the parent as `seen` pushes. */
  watch: { args: MessageFilter; result: null };
  /** Resolves when `count` distinct matching messages have been announced. */
  awaitCount: {
    args: MessageFilter & { readonly count: number; readonly timeoutMs: number };
    result: { reachedAt: number | null; seen: number };
  };
  usage: { args: null; result: Usage };
  /** TLS connections the core's thread opened since it started (new handshakes, not reuses). */
  tlsConnections: { args: null; result: { tls: number } };
  loopStart: { args: null; result: null };
  /** The host's thread and the core's worker thread (null if the core was not sampling). */
  loopStop: { args: null; result: { host: LoopStats; core: LoopStats | null } };
  /** Reads a whole conversation through `messages.page`, 100 at a time like the UI. */
  pageAll: { args: { conversationId: string }; result: { messages: number; pages: number; ms: number } };
  bare: { args: { n: number; payloadBytes: number; replyBytes: number }; result: BareResult };
  tls: { args: { url: string; n: number }; result: TlsResult };
  close: { args: null; result: null };
};

/** The community rows' client (bench/workers/community-process.ts). */
export type CommunityCommands = {
  /** A fresh profile joins the room and reads its newest page, then three older ones. */
  join: {
    args: { dir: string; seedUrl: string; joinUrl: string };
    result: {
      openMs: number;
      joinMs: number;
      pageMs: number;
      pagePosts: number;
      olderPageMs: number;
      olderPosts: number;
    };
  };
  /** Starts polling the room at desktop's cadence, after one poll now. */
  startPolling: { args: null; result: null };
  usage: { args: null; result: { cpuMs: number } };
  close: { args: null; result: null };
};

export type DevnetCommands = {
  /** `owners`: the accounts (and groups) with at least one message stored in their swarm. */
  stats: {
    args: null;
    result: { onionRequests: number; storageRpc: number; retrieves: number; owners: number };
  };
  stop: { args: null; result: null };
};

export interface DevnetReady {
  readonly seedUrl: string;
  readonly nodeUrls: readonly string[];
  /** The devnet's control API and its community server's `lobby` join URL (community rows). */
  readonly controlUrl: string;
  readonly communityJoinUrl: string;
}

export type CommandMap = Record<string, { args: unknown; result: unknown }>;

export interface Request {
  readonly id: number;
  readonly cmd: string;
  readonly args: unknown;
}

export type Reply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Unsolicited messages from a child. */
export type Push =
  | { readonly push: 'ready'; readonly value: unknown }
  | { readonly push: 'host'; readonly value: HostReady }
  | { readonly push: 'seen'; readonly body: string; readonly at: number }
  | { readonly push: 'fatal'; readonly error: string };

export function isRequest(m: unknown): m is Request {
  return typeof m === 'object' && m !== null && 'id' in m && 'cmd' in m;
}

export function isReply(m: unknown): m is Reply {
  return typeof m === 'object' && m !== null && 'id' in m && 'ok' in m;
}

export function isPush(m: unknown): m is Push {
  return typeof m === 'object' && m !== null && 'push' in m;
}
