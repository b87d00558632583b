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
