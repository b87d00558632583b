// The hand-written types below are prepended by `napi build` (napi.dtsHeaderFile):
// shapes napi-rs cannot derive from Rust (discriminated unions, JSON results).

import type { IncomingMessage, ServerResponse } from 'node:http'

/** A numeric uid (integer 0..4294967295; 0 = any user, packed as "") or a string user account. */
export type Uid = number | string

/** One service of an AccessToken2, as `buildAccessToken` takes it and `parseToken` returns it. Privilege values are seconds after `issueTs`. */
export type ServiceSpec =
  | { service: 'rtc'; channelName: string; uid: Uid; privileges: { joinChannel?: number; publishAudioStream?: number; publishVideoStream?: number; publishDataStream?: number } }
  | { service: 'rtm'; userId: string; privileges: { login?: number } }
  | { service: 'streaming'; channelName: string; account: string; privileges: { publishMixStream?: number; publishRawStream?: number } }
  | { service: 'fpa'; privileges: { login?: number } }
  | { service: 'chat'; userId: string; privileges: { user?: number; app?: number } }
  | { service: 'fcdn'; channelName: string; account: string; privileges: { publish?: number; play?: number } }
  | { service: 'apaas'; roomUuid: string; userUuid: string; role: number; privileges: { roomUser?: number; user?: number; app?: number } }
  | {
      service: 'rtm2'
      userId: string
      privileges: { login?: number }
      permissions?: Partial<Record<'messageChannels' | 'streamChannels' | 'groupChannels' | 'serverGroups' | 'users', { read?: string[]; write?: string[] }>>
    }
  | { service: 'convoai'; privileges?: Record<string, never> }
  | { service: 'stt'; privileges?: Record<string, never> }

/** Input of `buildAccessToken`. */
export interface AccessTokenSpec {
  /** 32 hexadecimal characters. */
  appId: string
  /** 32 hexadecimal characters. */
  appCertificate: string
  /** Token lifetime in seconds after `issueTs` (any u32). */
  expire: number
  /** Unix seconds; default now. */
  issueTs?: number
  /** Any u32; default random in 1..99999999. */
  salt?: number
  /** Packed in ascending service-type order; equal types keep their order. */
  services: ServiceSpec[]
}

/** Result of `parseToken`. */
export interface ParsedToken {
  version: '007' | '006'
  appId: string
  /** Unix seconds the token was issued (006: its `ts` field, the expiry). */
  issueTs: number
  /** 007: lifetime in seconds after `issueTs`; absent for 006. */
  expire?: number
  /** Unix seconds when the token dies (007: `issueTs + expire`). */
  expiresAt: number
  salt: number
  /** Lowercase hex. */
  signature: string
  /** 007 services with their privileges as written and each privilege's absolute expiry (capped by the token's; 0 = with the token). Empty for 006. */
  services: Array<ServiceSpec & { expiresAt: Record<string, number> }>
  /** 007: true when parsing stopped at a service type this version does not know (later services are not visible). */
  incomplete?: boolean
  /** 006 only: CRC-32 of the channel name. */
  crcChannelName?: number
  /** 006 only: CRC-32 of the uid string. */
  crcUid?: number
  /** 006 only: privileges by name, absolute Unix seconds (0 = no expiry). */
  privileges?: Record<string, number>
}

// ---- Conversational AI agents ----

/** Host pool of the ConvoAI REST API, and its failover order. */
export type Region = 'global' | 'us' | 'eu' | 'ap' | 'cn'

/** Lifecycle state of an agent. */
export type AgentStatus = 'IDLE' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'RECOVERING' | 'FAILED'

/** Per-call options of every REST call. */
export interface CallOptions {
  /** Aborting it cancels the in-flight HTTP request (rejects with `ERR_ABORTED`, `name: 'AbortError'`). */
  signal?: AbortSignal
  /** Deadline in ms for the whole call, retries and waits included (`ERR_TIMEOUT`). On the top-level functions `timeoutMs` is the client's per-attempt limit instead. */
  timeoutMs?: number
}

/** Result of `startAgent` and `updateAgent`. */
export interface StartAgentResult {
  agentId: string
  /** Unix seconds. */
  createTs: number
  status: AgentStatus
}

/** Result of `getAgent`. */
export interface AgentInfo {
  agentId: string
  status: AgentStatus
  /** Unix seconds. */
  startTs: number
  stopTs?: number
  /** Exit reason, e.g. for FAILED. */
  message?: string
}

/** One agent of a `listAgents` page. */
export interface AgentSummary {
  agentId: string
  status: AgentStatus
  startTs: number
}

/** Result of `listAgents`. */
export interface AgentList {
  agents: AgentSummary[]
  /** Pass it back as `query.cursor` for the next page; absent on the last page. */
  cursor?: string
  total: number
}

/** Result of `getHistory`. */
export interface AgentHistory {
  agentId: string
  status: AgentStatus
  startTs?: number
  contents: Array<{ role: string; content: string; [k: string]: unknown }>
}

/** A project of the account (`GET /dev/v1/projects`). */
export interface Project {
  id: string
  name: string
  /** `vendor_key`. */
  appId: string
  /** `sign_key`; absent when the certificate is not enabled. A secret: never log it. */
  appCertificate?: string
  /** `status === 1`. */
  enabled: boolean
  /** Unix seconds (the API sends seconds or milliseconds; normalised). */
  createdAt: number
  recordingServer?: string
}

/** Result of `checkCredentials`. */
export type CheckCredentialsResult = { ok: true; projects: number } | { ok: false; status: number }

// `ConvoAIClient` is declared below from the Rust class; this method is JavaScript (lib/convoai.js).
export interface ConvoAIClient {
  /**
   * Every agent matching `query`, fetching pages as the loop consumes them:
   * `for await (const agent of client.listAllAgents({ channel }))`.
   */
  listAllAgents(query?: ListAgentsQuery, options?: CallOptions): AsyncIterableIterator<AgentSummary>
}

/** The REST API answered with a non-2xx status. */
export declare class AgoraApiError extends Error {
  /** The client builds these; constructing one yourself is useful for mocks in tests. */
  constructor(message: string, fields: { status: number; reason?: string; detail?: string; requestId?: string; retryable: boolean; attempts: number })
  readonly name: 'AgoraApiError'
  readonly code: 'ERR_AGORA_API'
  /** HTTP status. */
  status: number
  /** `body.reason`, e.g. `'TaskConflict'` (telephony and phone numbers: `body.error_type`, e.g. `'not_found'`). */
  reason?: string
  /** `body.detail` (telephony and phone numbers: `body.description`). */
  detail?: string
  /** From the response headers when present. */
  requestId?: string
  /** Whether the client would retry this status for this call (it did, while attempts remained). */
  retryable: boolean
  /** Requests sent, retries included. */
  attempts: number
}

// ---- Webhooks (docs/webhooks.md) ----

// Webhooks of Agora's Notification Center for Conversational AI (manual: docs/webhooks.md).
// Hand-written: the natives behind them are untyped (src/webhook.rs), the glue is lib/webhooks/.
// The payload interfaces mirror crates/agora-convoai-core/src/webhook/schema.rs.


/** A raw request body: the exact bytes Agora sent (a string stands for its UTF-8 bytes). */
export type WebhookRawBody = Buffer | Uint8Array | string

/** Request headers: a Fetch `Headers`, a Map, or an object of header names (any case) to values, like Node's `req.headers`. */
export type WebhookHeaders = Headers | Map<string, string | string[]> | Record<string, string | string[] | undefined>

/** The signature headers Agora sends with a body: lower-case hex HMAC-SHA1 and HMAC-SHA256 of it. (A type, not an interface, so it passes as headers.) */
export type WebhookSignatureHeaders = {
  'Agora-Signature': string
  'Agora-Signature-V2': string
}

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Largest body accepted, in bytes (1 to 67108864). Default 1048576 (1 MiB); larger bodies never verify. */
  maxBytes?: number
}

/** Options of {@link parseWebhook}. */
export interface ParseWebhookOptions extends VerifyWebhookOptions {
  /** Reject (ERR_INVALID_WEBHOOK) a notification whose `notifyMs` is more than this many ms before `now`. Agora refreshes `notifyMs` on every retry. */
  maxAgeMs?: number
  /** Current Unix time in ms. Default `Date.now()`. */
  now?: number
}

/**
 * Whether `rawBody` carries a valid signature for `secret`: `Agora-Signature-V2` (HMAC-SHA256) when that header is present,
 * else `Agora-Signature` (HMAC-SHA1); any header-name case, either hex case; compared in constant time.
 * `false` without a signature header, on a mismatch, or for a body over `maxBytes`.
 * @throws ERR_INVALID_ARG (TypeError) when `rawBody` is not a Buffer, Uint8Array or string (an object parsed by `express.json()`, say),
 * when `headers` is not an object, or for an empty or non-string `secret` (RangeError when empty).
 */
export declare function verifyWebhook(rawBody: WebhookRawBody, headers: WebhookHeaders, secret: string, options?: VerifyWebhookOptions): boolean

/**
 * Verifies a notification (else ERR_INVALID_SIGNATURE) and parses it (else ERR_INVALID_WEBHOOK: not the JSON envelope
 * `{ noticeId, productId, eventType, notifyMs, sid?, payload }`, over `maxBytes`, or older than `maxAgeMs`).
 * Payloads never make it throw: see {@link ConvoAIWebhookEvent}.
 */
export declare function parseWebhook(rawBody: WebhookRawBody, headers: WebhookHeaders, secret: string, options?: ParseWebhookOptions): ConvoAIWebhookEvent

/** The signature headers Agora would send with `rawBody` (for tests and local delivery). */
export declare function signWebhook(rawBody: WebhookRawBody, secret: string): WebhookSignatureHeaders

// ---- Events ----

/** What every notification carries. */
export interface WebhookEnvelope {
  /** Unique per notification, the same on each retry: the key to dedupe on. */
  noticeId: string
  /** 17 for Conversational AI Engine. */
  productId: number
  /** Unix ms when this delivery was sent (refreshed on each retry). */
  notifyMs: number
  /** Session ID, when Agora sends one. */
  sid?: string
  /** The whole notification as Agora sent it (JSON as `JSON.parse` reads it, minus `__proto__` keys): fields this version does not type are here. */
  raw: Record<string, unknown>
}

/** Fields of every agent event. Timestamps `startTs`/`stopTs` are Unix **seconds** (a millisecond value, as in 112's documented example, is divided by 1000). */
export interface AgentEventPayload {
  agentId: string
  /** The agent's name from `/join` (sent since ConvoAI v2.6). */
  name?: string
  channel: string
  startTs: number
  /** As set at `/join`; only when labels were set. */
  labels?: Record<string, string>
}

/** 101: the agent joined the channel. */
export interface AgentJoinedPayload extends AgentEventPayload {}

/** 102 `message` values Agora documents; others may come. */
export type AgentLeftMessage =
  | 'OK'
  | 'Idle for too long'
  | 'Task lifetime limit exceeded'
  | 'Connecting for too long'
  | 'RTC connection error'

/** 102: the agent left. */
export interface AgentLeftPayload extends AgentEventPayload {
  stopTs: number
  /** `STOPPED` (left, idle, lifetime cap) or `FAILED` (could not connect). */
  status: 'STOPPED' | 'FAILED' | (string & {})
  message: AgentLeftMessage | (string & {})
}

/** One message of a 103 history. */
export interface AgentHistoryEntry {
  role: 'user' | 'assistant' | (string & {})
  content: string
  /** ms; only with `llm.vendor = "custom"`. */
  speechStartMs?: number
  speechEndMs?: number
  speechAlgorithmicDelay?: number
}

/** 103: the conversation, sent when the agent stops (at most `llm.max_history` entries). */
export interface AgentHistoryPayload extends AgentEventPayload {
  stopTs: number
  contents: AgentHistoryEntry[]
}

/** 104: the agent's token is about to expire (renew it: `ConvoAIClient.renewAgentToken`). */
export interface AgentTokenExpiringPayload extends AgentEventPayload {
  /** Free text (the English and Chinese docs disagree on it). */
  message?: string
}

/** One error of a 110 event. */
export interface AgentErrorEntry {
  /** `llm`, `agent`, `sip`, … */
  module: string
  /** Absent for errors outside any turn (Agora sends `""`). */
  turnId?: number
  /** For `llm`, the vendor's HTTP status; `agent` 4001: greeting audio failed. */
  code: number
  message?: string
}

/** 110: the agent hit errors. */
export interface AgentErrorPayload extends AgentEventPayload {
  turnId?: number
  errors: AgentErrorEntry[]
}

/** Latencies of one turn (ms); any may be missing. */
export interface AgentTurnMetrics {
  turnId?: number
  asrTtlw?: number
  llmTtfb?: number
  llmTtfs?: number
  ttsTtfb?: number
}

/** 111: per-turn latencies. */
export interface AgentMetricsPayload extends AgentEventPayload {
  stopTs: number
  metrics: AgentTurnMetrics[]
}

/** One finished turn of a 112 event. Times `startAt`/`endAt` are Unix ms. */
export interface AgentTurn {
  agentId?: string
  channel?: string
  turnId: number
  start?: {
    startAt: number
    type: 'voice_input' | 'greeting' | 'silence_timeout' | 'api_speak' | 'api_think' | (string & {})
    metadata?: { speechDurationMs?: number; interruptDurationMs?: number }
  }
  end?: {
    endAt: number
    type: 'ok' | 'error' | 'ignored' | 'interrupted' | (string & {})
    /** `playbackDurationMs` for ok; `causedBy` for interrupted/ignored; `reason` for error. */
    metadata?: { playbackDurationMs?: number; causedBy?: string; reason?: string }
  }
  metrics?: {
    e2eLatencyMs?: number
    segmentedLatencyMs?: {
      algorithmProcessing?: number
      asrTtlw?: number
      llmTtft?: number
      llmFtfs?: number
      ttsTtfb?: number
      transport?: number
    }
  }
}

/** 112: turns finished (at most 200; `isTruncated` past that). */
export interface AgentTurnsPayload extends AgentEventPayload {
  stopTs: number
  totalTurnCount: number
  isTruncated: boolean
  turns: AgentTurn[]
}

/** 201/202: a call changed state. */
export interface CallStatePayload<State extends string> {
  agentId: string
  name?: string
  channel: string
  state: State | (string & {})
  /** Unix ms. */
  reportMs: number
  labels?: Record<string, string>
}

interface KnownEvent<Type extends number, Payload> extends WebhookEnvelope {
  eventType: Type
  /** True: a ConvoAI event type of this version whose payload has the documented fields; `payload` is typed and camel-cased. */
  known: true
  payload: Payload
}

export interface AgentJoinedEvent extends KnownEvent<101, AgentJoinedPayload> {}
export interface AgentLeftEvent extends KnownEvent<102, AgentLeftPayload> {}
export interface AgentHistoryEvent extends KnownEvent<103, AgentHistoryPayload> {}
export interface AgentTokenExpiringEvent extends KnownEvent<104, AgentTokenExpiringPayload> {}
export interface AgentErrorEvent extends KnownEvent<110, AgentErrorPayload> {}
export interface AgentMetricsEvent extends KnownEvent<111, AgentMetricsPayload> {}
export interface AgentTurnsEvent extends KnownEvent<112, AgentTurnsPayload> {}
/** 201: an inbound call changed state (`TRANSFERED` is Agora's spelling). */
export interface InboundCallStateEvent extends KnownEvent<201, CallStatePayload<'START' | 'ANSWERED' | 'TRANSFERED' | 'HANGUP'>> {}
/** 202: an outbound call changed state. */
export interface OutboundCallStateEvent extends KnownEvent<202, CallStatePayload<'START' | 'CALLING' | 'RINGING' | 'ANSWERED' | 'HANGUP'>> {}

/**
 * Any other notification: another product, an event type this version does not know, or a payload without the
 * documented fields (Console's test deliveries, say). Never an error; `payload` is as sent.
 */
export interface UnknownWebhookEvent extends WebhookEnvelope {
  eventType: number
  known: false
  payload: Record<string, unknown>
}

export type KnownConvoAIWebhookEvent =
  | AgentJoinedEvent
  | AgentLeftEvent
  | AgentHistoryEvent
  | AgentTokenExpiringEvent
  | AgentErrorEvent
  | AgentMetricsEvent
  | AgentTurnsEvent
  | InboundCallStateEvent
  | OutboundCallStateEvent

/**
 * What {@link parseWebhook} returns. Check `known` first, then switch on `eventType`:
 * `if (event.known) switch (event.eventType) { case 102: event.payload.message … }`
 * (an `eventType: number` member would otherwise keep every case from narrowing).
 */
export type ConvoAIWebhookEvent = KnownConvoAIWebhookEvent | UnknownWebhookEvent

// ---- Handlers ----

/** An error given to `onError`: a coded error of this package, or whatever `onEvent` or the dedupe store threw. */
export type WebhookHandlerError = Error & { code?: string }

/** Options of {@link createWebhookHandler} and {@link createFetchWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The webhook secret from Agora Console. */
  secret: string
  /** Called with each verified, not-duplicate event, after Agora has its answer; may return a promise. */
  onEvent: (event: ConvoAIWebhookEvent) => unknown
  /**
   * Called with each failure: rejected deliveries (ERR_INVALID_SIGNATURE, ERR_INVALID_WEBHOOK, ERR_INVALID_ARG when a body
   * parser took the raw body), and errors thrown by `onEvent` or the dedupe store (with the event). Default: `console.error`.
   */
  onError?: (error: WebhookHandlerError, event?: ConvoAIWebhookEvent) => unknown
  /** Default: an in-memory dedupe per handler. `false`: none. Several instances: one with a shared store. */
  dedupe?: WebhookDedupe | false
  /** See {@link ParseWebhookOptions.maxAgeMs}. */
  maxAgeMs?: number
  /** Largest body read, in bytes (1 to 67108864); larger ones get 413. Default 1048576. */
  maxBytes?: number
  /** Time allowed for the body to arrive; slower ones get 408. Default 10000 (Agora waits 10 s for the answer). */
  readTimeoutMs?: number
}

/** Options of {@link createFetchWebhookHandler}. */
export interface FetchWebhookHandlerOptions extends WebhookHandlerOptions {
  /** Keeps `onEvent` running after the Response is returned, on platforms that stop early (Next.js: `after` from 'next/server'). */
  waitUntil?: (promise: Promise<unknown>) => void
}

/** A Fetch handler's optional second argument; a `waitUntil` there (Workers' `ctx`, say) overrides the option. */
export interface WebhookHandlerContext {
  waitUntil?(promise: Promise<unknown>): void
  [key: string]: unknown
}

/**
 * A handler for Node's `http` server and Express (`app.post('/agora/webhook', createWebhookHandler({ … }))`). It reads the raw
 * body itself (unless `express.raw()`/`express.text()` or a `req.rawBody` kept it), answers 200 `{"status":"ok"}` at once,
 * 401 on a bad signature, 400 on a bad envelope, 413/408 on a body too large or too slow, 405 for other methods, and 500 when
 * a body parser ran first and kept no raw bytes; then calls `onEvent`. The returned promise never rejects.
 */
export declare function createWebhookHandler(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** The same for Fetch `Request`s (Next.js route handlers: `export const POST = createFetchWebhookHandler({ … })`). */
export declare function createFetchWebhookHandler(
  options: FetchWebhookHandlerOptions,
): (request: Request, context?: WebhookHandlerContext) => Promise<Response>

// ---- Dedupe ----

/** Where a dedupe keeps the noticeIds it has seen. */
export interface WebhookDedupeStore {
  /** Sets `key` for `ttlMs` if absent; truthy (or a promise of it) when it set it. Redis: `SET key 1 NX PX ttlMs`. */
  setIfAbsent(key: string, ttlMs: number): unknown
}

export interface WebhookDedupe {
  readonly ttlMs: number
  /** True the first time `noticeId` is claimed within `ttlMs`, false for a repeat. */
  claim(noticeId: string): Promise<boolean>
}

/** `ttlMs` default 86400000 (24 h); `store` default {@link createMemoryDedupeStore}(). */
export declare function createWebhookDedupe(options?: { store?: WebhookDedupeStore; ttlMs?: number }): WebhookDedupe

export interface MemoryDedupeStore extends WebhookDedupeStore {
  setIfAbsent(key: string, ttlMs: number): boolean
  /** Keys held now (at most `maxEntries`). */
  readonly size: number
}

/** An in-process store of at most `maxEntries` keys (default 10000; the oldest go first). `now`: the clock, for tests. */
export declare function createMemoryDedupeStore(options?: { maxEntries?: number; now?: () => number }): MemoryDedupeStore

// ---- Telephony, phone numbers, token renewal (docs/telephony.md) ----

/** A vendor object (`llm`, `asr`, `tts`), sent as given in Agora's snake_case. */
export interface VendorConfig {
  vendor?: string
  /** `'managed'`: Agora's keys and billing (no `api_key`/`params` needed); `'byok'`: yours. */
  credential_mode?: 'managed' | 'byok'
  [field: string]: unknown
}

/** `properties.mllm`: a realtime (speech-to-speech) model instead of asr + llm + tts. */
export interface MllmConfig extends VendorConfig {
  /** `true` runs the agent on this model (replaces `advanced_features.enable_mllm`). */
  enable?: boolean
}

/** A region Agora can confine an agent's servers to. */
export type GeofenceArea = 'GLOBAL' | 'NORTH_AMERICA' | 'EUROPE' | 'ASIA' | 'INDIA' | 'JAPAN'

/** `properties.geofence`. */
export interface Geofence {
  area: GeofenceArea
  /** Only with `area: 'GLOBAL'`: everywhere but this region. */
  excludeArea?: Exclude<GeofenceArea, 'GLOBAL'>
}

/** `properties.rtc`: the channel's media encryption, for the agent to join it. */
export interface RtcEncryption {
  /** A secret: never logged. */
  encryptionKey: string
  /** Agora's encryption modes 1 to 8 (7, 8: AES-GCM2, which need a salt). */
  encryptionMode: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8
  /** 32 bytes in base64. */
  encryptionSalt?: string
}

/** The request of `startCall`: every `StartAgentRequest` field, `remoteUids` optional, and the phone leg. */
export type StartCallRequest = Omit<StartAgentRequest, 'remoteUids'> & CallLeg

/** A call record (`getCall`, `listCalls`); every field is optional on the wire. */
export interface CallInfo {
  agentId?: string
  toNumber?: string
  fromNumber?: string
  pipelineId?: string
  type?: 'inbound' | 'outbound' | (string & {})
  channel?: string
  /** `answered` while it lasts, then `hangup`. */
  state?: 'answered' | 'hangup' | (string & {})
  /** Who ended it: `request` (you hung up), `hangup` (the other party), `failed`. Absent in lists. */
  reason?: 'request' | 'hangup' | 'failed' | (string & {})
  /** Unix seconds. */
  createTs?: number
  /** Unix seconds; absent while the call lasts. */
  stopTs?: number
  [field: string]: unknown
}

/** Result of `listCalls`. */
export interface CallList {
  calls: CallInfo[]
  /** Pass it back as `query.cursor` for the next page; absent on the last page. */
  cursor?: string
  total: number
}

/** A phone number of the account, camel-cased. */
export interface PhoneNumber {
  provider?: 'byo' | 'twilio' | (string & {})
  phoneNumber?: string
  label?: string
  inbound?: boolean
  outbound?: boolean
  associatedPipeline?: { pipelineId?: string; pipelineName?: string } | null
  inboundConfig?: Record<string, unknown> | null
  outboundConfig?: Record<string, unknown> | null
  [field: string]: unknown
}

/** The change of `updatePhoneNumber`: an absent key leaves that side alone, `null` clears it. */
export interface UpdatePhoneNumberRequest {
  /** The pipeline that answers the number's inbound calls. */
  inboundConfig?: { pipelineId?: string; [k: string]: unknown } | null
  /** The pipeline that places its outbound calls. */
  outboundConfig?: { pipelineId?: string; [k: string]: unknown } | null
}

/** Result of `renewAgentToken` (and of each renewal of `keepAgentAlive`). */
export interface RenewAgentTokenResult extends StartAgentResult {
  /** Unix seconds when the new token expires. */
  tokenExpiresAt: number
}

/** Options of `keepAgentAlive`. */
export interface KeepAgentAliveOptions extends RenewAgentTokenRequest, KeepAliveSchedule {
  /** Every failed renewal or status check (an `AgoraApiError`, `ERR_NETWORK`, …); renewing goes on. Required: failures are never dropped. */
  onError(error: Error): void
  /** After each renewal. */
  onRenewed?(result: RenewAgentTokenResult): void
  /** Once, when it ends: `stopped` (`stop()`), `agent-stopped` (stopped by this client, or reported gone), `replaced` (a newer `keepAgentAlive` for the agent). */
  onEnd?(end: { agentId: string; reason: 'stopped' | 'agent-stopped' | 'replaced' }): void
}

/** The method of `ConvoAIClient` written in JavaScript (src/convoai/install.js); the others are below. */
export interface ConvoAIClient {
  /**
   * Every call record matching `query`, fetching pages as the loop consumes them:
   * `for await (const call of client.listAllCalls({ type: 'outbound' }))`.
   */
  listAllCalls(query?: ListCallsQuery, options?: CallOptions): AsyncIterableIterator<CallInfo>
}

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

/** A running {@link ConvoAIClient.keepAgentAlive}. */
export declare class AgentKeepAlive {
  /** The agent kept alive. */
  get agentId(): string
  /** False once it has ended (stopped, the agent stopped, or replaced). */
  get active(): boolean
  /**
   * Stops renewing (an in-flight request is dropped); `onEnd` gets
   * `reason: 'stopped'`. Idempotent.
   */
  stop(): void
}

/**
 * Client of the Agora Conversational AI REST API. Holds one keep-alive
 * connection pool: make one per set of credentials and reuse it.
 */
export declare class ConvoAIClient {
  /**
   * Validates the options (credentials, base URLs, CA certificates) and
   * sets up the connection pool. No request is sent.
   */
  constructor(options: ClientOptions)
  /**
   * Stops an agent (`POST …/leave`). Resolves when it is already gone (404)
   * or already shutting down.
   */
  stopAgent(agentId: string, options?: CallOptions): Promise<void>
  /** Updates a running agent's token, llm or mllm (`POST …/update`). */
  updateAgent(agentId: string, update: UpdateAgentRequest, options?: CallOptions): Promise<StartAgentResult>
  /** Queries an agent's status (`GET …/agents/{agentId}`). */
  getAgent(agentId: string, options?: CallOptions): Promise<AgentInfo>
  /** One page of agents (`GET …/agents`); see also `listAllAgents`. */
  listAgents(query?: ListAgentsQuery, options?: CallOptions): Promise<AgentList>
  /** Makes the agent say `text` (`POST …/speak`; at most 512 bytes). */
  speak(agentId: string, request: SpeakRequest, options?: CallOptions): Promise<void>
  /** Stops the agent speaking or thinking (`POST …/interrupt`). */
  interrupt(agentId: string, options?: CallOptions): Promise<void>
  /**
   * Injects an instruction as if the user said it (`POST …/think`). Other
   * fields (`onListeningAction`, `metadata`, …) are sent in wire case.
   */
  think(agentId: string, request: { text: string; [k: string]: unknown }, options?: CallOptions): Promise<void>
  /** The agent's short-term history (`GET …/history`; 404 once stopped). */
  getHistory(agentId: string, options?: CallOptions): Promise<AgentHistory>
  /** Turn analytics (`GET …/turns`), camel-cased. */
  getTurns(agentId: string, query?: TurnsQuery, options?: CallOptions): Promise<Record<string, unknown>>
  /** The account's projects (`GET /dev/v1/projects`; Basic auth only). */
  listProjects(options?: CallOptions): Promise<Project[]>
  /**
   * Mints a fresh RTC + RTM token for the agent's channel and uid and
   * sends it (`POST …/agents/{agentId}/update`). Needs no memory of the
   * agent: any instance can renew any agent, e.g. on a 104 webhook.
   */
  renewAgentToken(agentId: string, request: RenewAgentTokenRequest, options?: CallOptions): Promise<RenewAgentTokenResult>
  /**
   * Renews the agent's token before each expiry until the agent stops
   * (`stopAgent`/`hangupCall` on this client, or the API reports it
   * gone) or `stop()` is called. For long-running single servers; use
   * `renewAgentToken` from a 104 webhook when several instances serve.
   * Failures go to `onError` and the loop goes on.
   */
  keepAgentAlive(agentId: string, options: KeepAgentAliveOptions): AgentKeepAlive
  /**
   * Starts an agent (`POST …/join`). Retried only when the request cannot
   * have reached the server, on 429 and on 503.
   */
  startAgent(request: StartAgentRequest, options?: CallOptions): Promise<StartAgentResult>
  /**
   * Places an outbound phone call answered by a new agent (`POST …/call`).
   * The agent's token (RTC + RTM) and the SIP gateway's (RTC) are minted
   * when not given. Retried like `startAgent`: a repeat could dial twice.
   */
  startCall(request: StartCallRequest, options?: CallOptions): Promise<{ agentId: string }>
  /** A call's record (`GET …/calls/{agentId}`). */
  getCall(agentId: string, options?: CallOptions): Promise<CallInfo>
  /**
   * Hangs up (`POST …/calls/{agentId}/hangup`): the agent ends the call
   * and leaves. Resolves when the call is already over (404).
   */
  hangupCall(agentId: string, options?: CallOptions): Promise<void>
  /** One page of call records (`GET …/call`); see also `listAllCalls`. */
  listCalls(query?: ListCallsQuery, options?: CallOptions): Promise<CallList>
  /** The account's phone numbers (`GET /v2/phone-numbers`). */
  listPhoneNumbers(options?: CallOptions): Promise<PhoneNumber[]>
  /** Imports a number you own (`POST /v2/phone-numbers`, 201). */
  importPhoneNumber(request: ImportPhoneNumberRequest, options?: CallOptions): Promise<PhoneNumber>
  /** One number (`GET /v2/phone-numbers/{phoneNumber}`). */
  getPhoneNumber(phoneNumber: string, options?: CallOptions): Promise<PhoneNumber>
  /**
   * Binds or unbinds the pipelines that answer (inbound) and place
   * (outbound) the number's calls (`PATCH /v2/phone-numbers/{phoneNumber}`);
   * `null` clears a config.
   */
  updatePhoneNumber(phoneNumber: string, update: UpdatePhoneNumberRequest, options?: CallOptions): Promise<PhoneNumber>
  /**
   * Removes a number from Agora (`DELETE /v2/phone-numbers/{phoneNumber}`,
   * 204); the number stays yours at its carrier. Resolves when already gone.
   */
  deletePhoneNumber(phoneNumber: string, options?: CallOptions): Promise<void>
}

/**
 * One walk over the pages of a listing: what `listAllAgents` and
 * `listAllCalls` iterate over (`for await` them instead).
 */
export declare class ListingPages {
  /** The next page's entries (agents or calls), or `null` once the listing is complete. */
  next(options?: CallOptions): Promise<Array<Record<string, unknown>> | null>
}

/**
 * `'Basic ' + base64(customerId + ':' + customerSecret)`: the header of
 * Agora's RESTful APIs with Customer ID/Secret (UTF-8).
 *
 * @throws {TypeError} `ERR_INVALID_ARG` for an empty part or a `:` in `customerId`.
 */
export declare function basicAuthHeader(customerId: string, customerSecret: string): string

/**
 * Builds an AccessToken2 from any list of services (the low-level door):
 * services are packed in ascending type order (stable), strings may be
 * empty, numbers are any u32, each string at most 65535 bytes.
 *
 * @throws {TypeError|RangeError} `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
 * `ERR_INVALID_EXPIRE`, `ERR_INVALID_UID` or `ERR_INVALID_ARG`.
 */
export declare function buildAccessToken(spec: AccessTokenSpec): string

/**
 * Builds a legacy AccessToken ("006"). Used by
 * `agora-convoai-native/compat/access-token`; prefer AccessToken2.
 *
 * `uid`: a number (0 packs as "") or a string account. `salt`: any u32,
 * default random per token. `ts`: absolute Unix expiry of the token,
 * default now + 24 h. `privileges`: by 006 name (`joinChannel`,
 * `publishAudioStream`, … `rtmLogin`) or numeric id, absolute Unix seconds.
 *
 * @throws {TypeError|RangeError} `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
 * `ERR_INVALID_UID` or `ERR_INVALID_ARG`.
 */
export declare function buildLegacyToken(spec: { appId: string; appCertificate: string; channelName: string; uid: Uid; salt?: number; ts?: number; privileges: Record<string, number> }): string

/**
 * Builds an AccessToken2 with an RTC service and an RTM login service (and
 * the ConvoAI service when `convoai` is true): one token for joining the
 * channel and logging in to Signaling. Same content as `agora-token`'s
 * `buildTokenWithRtm` / `buildTokenWithRtm2` / `ConvoAITokenBuilder.buildToken`.
 *
 * @throws {TypeError|RangeError} with the codes of {@link buildRtcToken}.
 */
export declare function buildRtcRtmToken(options: RtcRtmTokenOptions): string

/**
 * Builds an AccessToken2 with one RTC service (joinChannel, and the three
 * publish privileges for a publisher). Same content as `agora-token`'s
 * `RtcTokenBuilder.buildTokenWithUid` / `buildTokenWithUserAccount`.
 *
 * @throws {TypeError|RangeError} with `code` `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
 * `ERR_INVALID_CHANNEL_NAME`, `ERR_INVALID_UID`, `ERR_INVALID_EXPIRE` or `ERR_INVALID_ARG`.
 */
export declare function buildRtcToken(options: RtcTokenOptions): string

/**
 * The phone leg of {@link ConvoAIClient.startCall} (with every
 * `StartAgentRequest` field but `remoteUids`, optional here).
 */
export interface CallLeg {
  /** Who is called: E.164, e.g. `'+14155550123'` (`sip.to_number`). */
  toNumber: string
  /** Caller ID: an E.164 number imported to your account (`sip.from_number`). */
  fromNumber: string
  /** The uid the SIP gateway joins the channel with (`sip.rtc_uid`, a string on the wire). */
  sipUid: Uid
  /** `sip.rtc_token`. Default: an RTC token minted for (channel, sipUid), `tokenExpire` long. */
  sipToken?: string
  /** Uids the agent listens to. Default `[sipUid]`: the person on the phone. */
  remoteUids?: Uid[]
}

/**
 * Checks a customer ID/secret pair: `{ ok: true, projects }` on 200,
 * `{ ok: false, status }` on 401/403; other failures reject.
 */
export declare function checkCredentials(options: ClientOptions & CallOptions): Promise<CheckCredentialsResult>

/** Options of {@link ConvoAIClient} (and of the top-level calls). */
export interface ClientOptions {
  /** App ID: 32 hexadecimal characters. */
  appId: string
  /**
   * App Certificate. With it, requests carry `agora token=<fresh RTC+RTM token>`
   * (unless a customer pair is given) and `properties.token` is minted. Never logged.
   */
  appCertificate?: string
  /** Customer ID of a RESTful API key: Basic auth (used for the header when given). */
  customerId?: string
  /** Customer secret of that key. Never logged. */
  customerSecret?: string
  /** A token built elsewhere, sent as `agora token=<authToken>`. */
  authToken?: string
  /** Host pool and failover order. Default `'global'`. */
  region?: Region
  /** Origin(s) overriding `region`, in failover order (`https://`, or `http://` to loopback only). */
  baseUrl?: string | Array<string>
  /** Per-attempt time limit in ms. Default 30000. */
  timeoutMs?: number
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number
  /** Extra trusted root certificates, PEM. */
  caCertificates?: Array<string>
  /** Requests in flight (so connections) per client; more calls queue. Default 64. */
  maxConnections?: number
  /**
   * Largest response body accepted, in bytes (1..2^30). A longer body, or a
   * `Content-Length` over it, fails the call with `ERR_BAD_RESPONSE`. Default 8 MiB.
   */
  maxResponseBytes?: number
}

/** Options of {@link generateDevCertificates}. */
export interface DevCertificateOptions {
  /**
   * The server's private key, PKCS#8 PEM (RSA, ECDSA P-256/P-384 or
   * Ed25519), when a test needs a kind of key; default a new ECDSA P-256 key.
   */
  serverKey?: string
}

/** PEM texts of a throwaway CA and a server certificate it signed. */
export interface DevCertificates {
  /** The CA certificate: what clients trust. */
  caCertificate: string
  /** The server certificate, for `host`, `localhost`, 127.0.0.1 and ::1. */
  certificate: string
  /** The server's private key (PKCS#8 PEM). */
  privateKey: string
}

/**
 * A new certificate authority and a server certificate for `host` (an IP
 * address or a DNS name) signed by it, valid from yesterday for 90 days. For
 * local test servers such as the sandbox's `tls: true`; never for production.
 *
 * @throws {TypeError} `ERR_INVALID_ARG` when `host` is neither an IP address
 * nor a DNS name, or `serverKey` is not a PKCS#8 PEM private key.
 */
export declare function generateDevCertificates(host: string, options?: DevCertificateOptions | undefined | null): DevCertificates

/** The request of {@link ConvoAIClient.importPhoneNumber}. */
export interface ImportPhoneNumberRequest {
  /** `'byo'` (your own SIP trunk) or `'twilio'`. */
  provider: 'byo' | 'twilio'
  /** E.164, e.g. `'+14155550123'`: the number's id from now on. */
  phoneNumber: string
  /** A display name, 1 to 256 bytes. */
  label: string
  /** Whether it takes inbound calls. Server default true. */
  inbound?: boolean
  /** Whether it places outbound calls. Server default true. */
  outbound?: boolean
  /** Who may send calls to it: `allowedAddresses` (IPs or CIDRs). Default `{}`. */
  inboundConfig?: { allowedAddresses?: string[]; [k: string]: unknown }
  /**
   * Where its outbound calls go: `address` (e.g. `'user:pass@sip.example.com'`, a secret),
   * `transport` (`'tls'`, `'tcp'`, `'udp'`), `prefix`. Default `{}`.
   */
  outboundConfig?: { address?: string; transport?: 'tls' | 'tcp' | 'udp' | (string & {}); prefix?: string; [k: string]: unknown }
}

/** When {@link ConvoAIClient.keepAgentAlive} renews and checks. */
export interface KeepAliveSchedule {
  /** Renew this many seconds before a token expires. Default min(600, tokenExpire / 5). */
  renewBeforeS?: number
  /**
   * Unix seconds when the agent's current token expires (e.g. `createTs + tokenExpire`
   * of a token this client minted). Default: unknown, so the first renewal is at once.
   */
  expiresAt?: number
  /** Seconds between checks that the agent still runs. Default 300. */
  checkIntervalS?: number
}

/** The query of {@link ConvoAIClient.listAgents}. */
export interface ListAgentsQuery {
  channel?: string
  /** Unix seconds. Server default: now − 2 h. */
  fromTime?: number
  /** Unix seconds. Server default: now. */
  toTime?: number
  state?: AgentStatus[]
  /** Page size. Server default 20. */
  limit?: number
  /** From the previous page's `cursor`. */
  cursor?: string
}

/** The query of {@link ConvoAIClient.listCalls}. */
export interface ListCallsQuery {
  /** E.164; matches the caller or the callee. */
  number?: string
  /** Unix seconds. Server default: 60 days ago. */
  fromTime?: number
  /** Unix seconds. Server default: now. */
  toTime?: number
  /** Default: both. */
  type?: 'inbound' | 'outbound'
  /** Page size. Server default 20. */
  limit?: number
  /** From the previous page's `cursor`. */
  cursor?: string
}

/** Lists the account's projects (`GET /dev/v1/projects`, Basic auth only). */
export declare function listProjects(options: ClientOptions & CallOptions): Promise<Project[]>

/**
 * Parses a "007" or "006" token without the certificate: App ID, issue
 * time, absolute expiry, salt, signature and every service with its
 * privileges and their absolute expiry times.
 *
 * @throws {Error} `ERR_INVALID_TOKEN` for anything that is not a well-formed token.
 */
export declare function parseToken(token: string): ParsedToken

/** The agent whose token {@link ConvoAIClient.renewAgentToken} renews. */
export interface RenewAgentTokenRequest {
  /** The agent's channel. */
  channel: string
  /** The agent's uid, as given to `startAgent` / `startCall`. */
  agentUid: Uid
  /** Lifetime of the new token in seconds, 1..86400. Default 86400. */
  tokenExpire?: number
}

/**
 * RTC role: a publisher may join and publish audio, video and data; a
 * subscriber may only join.
 */
export type RtcRole = 'publisher' | 'subscriber'

/** Options of {@link buildRtcRtmToken}: those of {@link RtcTokenOptions}, then the RTM ones. */
export interface RtcRtmTokenOptions {
  /** App ID: 32 hexadecimal characters, case kept. */
  appId: string
  /** App Certificate: 32 hexadecimal characters, case kept. Never logged. */
  appCertificate: string
  /** Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`. */
  channelName: string
  /**
   * A numeric uid (integer 0..4294967295; 0 = any user) or a string user
   * account (1-255 bytes of the same characters as channel names).
   */
  uid: number | string
  /** Default `'publisher'`. */
  role?: RtcRole
  /** Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600. */
  tokenExpire?: number
  /** Privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`. */
  privilegeExpire?: number
  /**
   * Per-privilege override (seconds from `issueTs`). When any override is
   * given, all four privileges are written, each defaulting to
   * `privilegeExpire`, and `role` is ignored.
   */
  joinChannelExpire?: number
  /** See `joinChannelExpire`. */
  publishAudioExpire?: number
  /** See `joinChannelExpire`. */
  publishVideoExpire?: number
  /** See `joinChannelExpire`. */
  publishDataExpire?: number
  /** Unix seconds the token is issued at. Default now; set it for reproducible tokens. */
  issueTs?: number
  /** 1..99999999. Default random. */
  salt?: number
  /** RTM user id. Default: the uid as a decimal string, or the account. */
  rtmUserId?: string
  /** RTM login privilege lifetime in seconds from `issueTs`. Default `tokenExpire`. */
  rtmTokenExpire?: number
  /** Also add the ConvoAI service (type 9). Default false. */
  convoai?: boolean
}

/** Options of {@link buildRtcToken}. */
export interface RtcTokenOptions {
  /** App ID: 32 hexadecimal characters, case kept. */
  appId: string
  /** App Certificate: 32 hexadecimal characters, case kept. Never logged. */
  appCertificate: string
  /** Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`. */
  channelName: string
  /**
   * A numeric uid (integer 0..4294967295; 0 = any user) or a string user
   * account (1-255 bytes of the same characters as channel names).
   */
  uid: number | string
  /** Default `'publisher'`. */
  role?: RtcRole
  /** Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600. */
  tokenExpire?: number
  /** Privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`. */
  privilegeExpire?: number
  /**
   * Per-privilege override (seconds from `issueTs`). When any override is
   * given, all four privileges are written, each defaulting to
   * `privilegeExpire`, and `role` is ignored.
   */
  joinChannelExpire?: number
  /** See `joinChannelExpire`. */
  publishAudioExpire?: number
  /** See `joinChannelExpire`. */
  publishVideoExpire?: number
  /** See `joinChannelExpire`. */
  publishDataExpire?: number
  /** Unix seconds the token is issued at. Default now; set it for reproducible tokens. */
  issueTs?: number
  /** 1..99999999. Default random. */
  salt?: number
}

/** The request of {@link ConvoAIClient.speak}. */
export interface SpeakRequest {
  /** At most 512 bytes of UTF-8. */
  text: string
  priority?: 'INTERRUPT' | 'APPEND' | 'IGNORE'
  /** Whether user speech may cut the broadcast. */
  interruptable?: boolean
}

/**
 * Starts an agent in one call: mints the tokens, builds the wire body,
 * picks the auth header, retries safely. `timeoutMs` here is per attempt.
 */
export declare function startAgent(options: ClientOptions & StartAgentRequest & CallOptions): Promise<StartAgentResult>

/** The request of {@link ConvoAIClient.startAgent}. */
export interface StartAgentRequest {
  /** Unique instance name. Default: generated, unique per call. */
  name?: string
  /** RTC channel the agent joins. */
  channel: string
  /** The agent's uid (sent as a string in `properties.agent_rtc_uid`). */
  agentUid: Uid
  /** Uids the agent listens to (`['*']` = everyone). */
  remoteUids: Uid[]
  /** `properties.token`. Default: minted RTC+RTM token for (channel, agentUid). */
  token?: string
  /** Lifetime of the minted token in seconds, 1..86400. Default 86400. */
  tokenExpire?: number
  /** Default: true iff agentUid or a remote uid is a non-numeric string. */
  enableStringUid?: boolean
  /** `properties.idle_timeout` in seconds. */
  idleTimeout?: number
  /** `properties.advanced_features.enable_rtm`. */
  enableRtm?: boolean
  /** `properties.llm`, wire format. */
  llm?: VendorConfig
  /** `properties.asr`, wire format. */
  asr?: VendorConfig
  /** `properties.tts`, wire format. */
  tts?: VendorConfig
  /** `properties.mllm`, wire format (`enable: true` runs the realtime model). */
  mllm?: MllmConfig
  /** `properties.avatar`, wire format. */
  avatar?: Record<string, unknown>
  /** `properties.turn_detection`, wire format. */
  turnDetection?: Record<string, unknown>
  /** `properties.parameters`, wire format. */
  parameters?: Record<string, unknown>
  /** Any other `properties` fields, wire format (snake_case), passed through. */
  properties?: Record<string, unknown>
  /** Top-level `pipeline_id`. */
  pipelineId?: string
  /** Top-level `preset`. */
  preset?: string
  /**
   * `properties.labels`: echoed in every webhook of this agent (at most 100).
   * Put what a webhook handler needs here, e.g. the agent uid for token renewal.
   */
  labels?: Record<string, string>
  /** `properties.geofence`: the regions whose servers may carry the agent. */
  geofence?: Geofence
  /** `properties.rtc`: media encryption, as the channel's users set it. */
  rtc?: RtcEncryption
  /** `properties.parameters.data_channel`; `'rtm'` needs `enableRtm`. */
  dataChannel?: 'rtm' | 'datastream'
  /** `properties.parameters.enable_metrics` (over RTM: needs `enableRtm`). */
  enableMetrics?: boolean
  /** `properties.parameters.enable_error_message` (over RTM: needs `enableRtm`). */
  enableErrorMessage?: boolean
}

/**
 * `'agora token=' + token`: the header for token authentication.
 *
 * @throws {TypeError} `ERR_INVALID_ARG` for an empty token or one with spaces or control characters.
 */
export declare function tokenAuthHeader(token: string): string

/**
 * Where the token is meant to be used. 006 tokens need it (their signature
 * covers channel and uid); for 007 it adds a check that an RTC service is
 * for this channel and this uid (or the any-user wildcard).
 */
export interface TokenContext {
  channelName: string
  /** Number (0 = packed as "") or string account, as the token was built. */
  uid: number | string
}

/** The query of {@link ConvoAIClient.getTurns}. */
export interface TurnsQuery {
  /** 1-based. */
  pageIndex?: number
  pageSize?: number
}

/** The update of {@link ConvoAIClient.updateAgent}. */
export interface UpdateAgentRequest {
  /** A new `properties.token` (renew before the old one expires). */
  token?: string
  /** `properties.llm` (its `params` replace the whole object set at start). */
  llm?: Record<string, unknown>
  /** `properties.mllm`. */
  mllm?: Record<string, unknown>
}

/**
 * Checks a token's signature in constant time over its original signed
 * bytes. Returns false on a signature mismatch (or, with `context`, a
 * channel/uid mismatch); expiry is not checked (see `parseToken().expiresAt`).
 *
 * @throws {TypeError} `ERR_INVALID_APP_CERTIFICATE` when `appCertificate` is not
 * 32 hexadecimal characters: a misconfigured certificate must not look like a
 * forged token.
 * @throws {Error} `ERR_INVALID_TOKEN` for malformed input; `ERR_INVALID_ARG`
 * for a 006 token without `context`.
 */
export declare function verifyToken(token: string, appCertificate: string, context?: TokenContext): boolean
