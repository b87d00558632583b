// The hand-written types below are prepended by `napi build` (napi.dtsHeaderFile):
// shapes napi-rs cannot derive from Rust (discriminated unions, JSON results).

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

// ---- Conversational AI agents (api.md §3) ----

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

// ---- Telephony, phone numbers, token renewal (api.md §7, §8) ----

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
