// Types of `agora-convoai-native/sandbox`: a local server that answers Agora's Conversational AI
// REST API (and the console project listing) the way Agora does, for tests and local development.

/** Agent lifecycle status, as the REST API reports it. */
export type AgentStatus = 'IDLE' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'RECOVERING' | 'FAILED'

/** The fixed demo credentials used when `startSandbox` is given none. Worthless outside a sandbox. */
export declare const DEMO_CREDENTIALS: Readonly<{
  /** `'0123456789abcdef0123456789abcdef'` */
  appId: string
  /** `'fedcba9876543210fedcba9876543210'` */
  appCertificate: string
  /** `'sandbox-customer-id'` */
  customerId: string
  /** `'sandbox-customer-secret'` */
  customerSecret: string
}>

/** One project of `GET /dev/v1/projects`, in Agora's wire shape. */
export interface SandboxProject {
  id: string
  name: string
  /** The App ID. */
  vendor_key: string
  /** The primary App Certificate, `""` when not enabled. */
  sign_key: string
  recording_server?: string | null
  /** 1 enabled, 0 disabled. */
  status: number
  /** Unix time; Agora's examples show seconds and milliseconds both. */
  created: number
  [field: string]: unknown
}

export interface SandboxOptions {
  /** App ID served (32 hex). Default `DEMO_CREDENTIALS.appId`. Paths with another App ID get 403 `ServiceNotEnabled`. */
  appId?: string
  /** App Certificate that tokens must be signed with (32 hex). Default `DEMO_CREDENTIALS.appCertificate`. */
  appCertificate?: string
  /** Customer ID accepted for Basic auth. Default `DEMO_CREDENTIALS.customerId`. */
  customerId?: string
  /** Customer secret accepted for Basic auth. Default `DEMO_CREDENTIALS.customerSecret`. */
  customerSecret?: string
  /** Listening address. Default `'127.0.0.1'` (loopback only). */
  host?: string
  /** Listening port. Default 0: a free port picked by the system (read it from `url`). */
  port?: number
  /**
   * `true`: serve HTTPS with a certificate authority and server certificate made at start (for
   * localhost, 127.0.0.1, ::1 and `host`); trust `caCertificate`. `{ key, cert }`: serve HTTPS with
   * this PEM pair. Default false (plain HTTP). TLS 1.2 and 1.3 are offered.
   */
  tls?: boolean | { key: string; cert: string }
  /** Milliseconds an agent stays STARTING before it is RUNNING. Default 50. */
  agentStartDelayMs?: number
  /** Milliseconds an agent stays STOPPING after leave (or its idle timeout) before it is STOPPED. Default 50. */
  agentStopDelayMs?: number
  /**
   * Extra projects for `GET /dev/v1/projects`, listed after the served one (wire shape), e.g. with
   * `created` in milliseconds to test a client's normalisation.
   */
  projects?: SandboxProject[]
  /**
   * What `Sandbox.requests` keeps: `true` (default) every request, `false` none (for load tests
   * and long-running servers), an integer `n >= 0` the most recent `n`.
   */
  recordRequests?: boolean | number
  /**
   * Agents kept, running or stopped (query, list and turns find stopped agents too). Past it the
   * agents that stopped longest ago are forgotten; when none has stopped, a join is answered 429
   * `ConcurrencyLimitExceeded`. Default 10000.
   */
  maxAgents?: number
  /**
   * Milliseconds a client has to send a whole request (its headers: at most 10 s of it); a slower
   * one is answered 408 and disconnected. Default 30000.
   */
  requestTimeoutMs?: number
  /**
   * Seconds an agent may run before it leaves with 102 "Task lifetime limit exceeded": Agora's cap
   * is 72 hours (259200, the default and the maximum); shorten it in tests (fractions allowed).
   */
  maxLifetimeS?: number
  /**
   * Seconds before an agent's token expires that the sandbox announces it (the `token-expiring`
   * change, webhook 104). Default 30 (Agora does not document it; the RTC SDK warns 30 s before).
   * An agent whose token is not renewed through /update leaves at expiry with 102 "Token expired".
   */
  tokenWarningS?: number
  /**
   * Call records kept, live or ended. Past it the call that ended longest ago is forgotten; when
   * none has ended, POST /call is answered 429 `too_many_requests`. Default 10000.
   */
  maxCalls?: number
  /** Phone numbers kept; an import past it is 422 `unprocessable_content`. Default 1000. */
  maxPhoneNumbers?: number
  /**
   * Called when a handler throws (a sandbox bug): the request is answered 500 `InternalError` and
   * counted in `Sandbox.handlerErrors`. Default: the error is printed with `console.error`.
   */
  onHandlerError?: (error: unknown, request: { method: string; path: string }) => void
  /**
   * Deliver Agora's webhook notifications for the sandbox's agents (and calls) to a receiver of
   * yours, signed and retried as Agora's Notification Center does. Default: none are sent.
   */
  webhook?: SandboxWebhookOptions
}

/**
 * Where and how the sandbox delivers notifications: 101 when an agent runs; 102 and 103 when
 * it has stopped (111 and 112 too when it had turns); 104 when its token is about to expire;
 * 110 for `injectAgentError`; 201/202 as calls change. Each is POSTed as the envelope
 * `{ noticeId, productId: 17, eventType, notifyMs, payload }` with `Agora-Signature` and
 * `Agora-Signature-V2` headers (`signWebhook`). A delivery counts when the receiver answers 200
 * with a JSON body within `timeoutMs`; otherwise it is retried after each of `retryDelaysMs`
 * with the same `noticeId`, a fresh `notifyMs` and so a fresh signature.
 */
export interface SandboxWebhookOptions {
  /**
   * The receiver: `http://` or `https://` (Agora itself only delivers to HTTPS URLs; the sandbox
   * also takes `http://` for local receivers). HTTPS receivers must have a certificate Node
   * trusts (`NODE_EXTRA_CA_CERTS` for a local CA).
   */
  url: string
  /** The secret notifications are signed with: the one your receiver verifies with (1 to 4096 bytes). Never printed or recorded. */
  secret: string
  /** Waits before each retry, in ms: at most 3 (Agora retries 3 times at most), each 0 to 2147483647. Default `[1000, 3000, 9000]`; `[]` never retries. */
  retryDelaysMs?: number[]
  /** Ms the receiver has to answer (the whole exchange). Default 10000, as Agora. */
  timeoutMs?: number
  /** Attempts in flight at once (a keep-alive connection each). Default 4. */
  maxConcurrent?: number
  /** Notifications neither delivered nor given up (queued, in flight or waiting to retry); past it new ones are dropped, and recorded with outcome `'dropped'`. Default 1000. */
  maxQueued?: number
  /** Attempts kept in `Sandbox.webhookDeliveries` (the most recent). Default 1000. */
  recordDeliveries?: number
}

/** One delivery attempt of a notification (an entry of `Sandbox.webhookDeliveries`). */
export interface SandboxWebhookAttempt {
  /** The notification's id: the same on each of its attempts. */
  noticeId: string
  /** 101, 102, 103, 104, 110, 111, 112, 201 or 202. */
  eventType: number
  /** The agent the notification is about (`payload.agent_id`). */
  agentId: string
  /** 1 for the first delivery, 2 to 4 for retries; 0 for a notification dropped before any attempt. */
  attempt: number
  /** The envelope's `notifyMs`: when this attempt was sent (Unix ms; for a dropped one, when it was dropped). */
  notifyMs: number
  /** The exact bytes sent (UTF-8 JSON), as signed: `signWebhook(body, secret)` gives its headers. */
  body: string
  /** How long the exchange took, in ms (0 while pending). */
  durationMs: number
  /** The receiver's HTTP status; null when it did not answer (refused, timed out, not sent). */
  status: number | null
  /**
   * `'pending'`: in flight; `'delivered'`: 200 with a JSON body in time; `'failed'`: anything
   * else (see `error`; retried when `retryInMs` is set); `'dropped'`: never sent, the queue was full.
   */
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped'
  /** Why the attempt failed: `'answered 500, not 200'`, `'no answer within 10000 ms (timeoutMs)'`, `'cancelled: the sandbox closed'`, … */
  error?: string
  /** On a failed attempt that will be retried: the wait before the retry, in ms. */
  retryInMs?: number
}

/** Delivery attempts as they happen: `'attempt-start'` when one is sent, `'attempt'` when it has its outcome (or was dropped). */
export interface SandboxWebhookEvents {
  on(event: 'attempt' | 'attempt-start', listener: (attempt: SandboxWebhookAttempt) => void): this
  once(event: 'attempt' | 'attempt-start', listener: (attempt: SandboxWebhookAttempt) => void): this
  off(event: 'attempt' | 'attempt-start', listener: (attempt: SandboxWebhookAttempt) => void): this
}

/** An error an agent reports (`Sandbox.injectAgentError`), as the `errors[]` entry of a 110 notification. */
export interface SandboxAgentError {
  /** The failing module: `'llm'` (default), `'tts'`, `'asr'`, `'agent'`, `'sip'`, … (1 to 1024 bytes). */
  module?: string
  /** The module's code, e.g. the vendor's HTTP status. Default 503. */
  code?: number
  /** Default `'Service Unavailable'` (1 to 1024 bytes). */
  message?: string
  /** The turn it happened in. Default the agent's latest turn (0 before any). */
  turnId?: number
}

/** One request the sandbox received. */
export interface SandboxRequest {
  method: string
  /** Path and query string, as sent. */
  path: string
  /** Lower-case header names. `authorization` is redacted to `'Basic ***'` / `'agora token=***'` / `'***'`. */
  headers: Record<string, string | string[] | undefined>
  /**
   * The body parsed as JSON (the raw text when it is not JSON, undefined when empty), with
   * credential values (`token`, `agora_token`, `api_key`, `key`, secrets) replaced by `'***'`.
   */
  body: unknown
}

/** A scripted failure for the next requests (see `Sandbox.failNext`). */
export interface SandboxFault {
  /** Answer with this status and Agora's `{detail, reason}` body instead of handling the request. */
  status?: number
  /** The body's `reason`; default the one Agora uses for `status` (503 `ServiceUnavailable`, 429 `ConcurrencyLimitExceeded`, …). */
  reason?: string
  /** Seconds, sent as the `Retry-After` header (with `status`, or on the normal answer without it). */
  retryAfter?: number
  /** Wait this long before answering (or failing). A client that gives up meanwhile closes the connection. */
  delayMs?: number
  /** Close the connection without any answer (after reading the request). */
  dropConnection?: boolean
  /** Answer `status` (default 200) with a truncated, unparseable JSON body. */
  badJson?: boolean
  /**
   * Fail the next webhook delivery attempts instead of requests (no other field then):
   * `true` or `'unsent'`: the attempt is not sent (as if the receiver were unreachable);
   * `'answer-lost'`: it is sent, and its answer ignored, so the receiver gets the retry as a
   * duplicate (same `noticeId`). Failed attempts are retried as usual. Needs the `webhook` option.
   */
  webhook?: true | 'unsent' | 'answer-lost'
}

/** A call step, in the webhooks' vocabulary (201 inbound, 202 outbound). */
export type SandboxCallState = 'START' | 'CALLING' | 'RINGING' | 'ANSWERED' | 'HANGUP'

/** One call the sandbox knows about (REST shows `answered` until HANGUP, then `hangup`). */
export interface SandboxCall {
  /** The id of the call's agent. */
  agentId: string
  type: 'inbound' | 'outbound'
  toNumber: string
  fromNumber: string
  channel: string
  state: SandboxCallState
  /** Once over: `request` (hung up or left through the API), `hangup` (the other party), `failed` (lifetime cap, token expiry). */
  reason?: 'request' | 'hangup' | 'failed'
  /** Unix seconds. */
  createTs: number
}

/** One imported phone number, in Agora's wire shape. */
export interface SandboxPhoneNumber {
  provider: 'byo' | 'twilio'
  phone_number: string
  label: string
  inbound: boolean
  outbound: boolean
  inbound_config: Record<string, unknown> | null
  outbound_config: Record<string, unknown> | null
}

/** Connection counters, for tests of connection reuse and cancellation. */
export interface SandboxConnectionStats {
  /** TCP connections accepted since start. */
  opened: number
  /** Of those, connections closed since (by either side). */
  closed: number
  /** Connections open now. */
  active: number
  /** Most connections open at once. */
  peak: number
  /** Requests whose connection closed before their response was complete (client abort, dropConnection). */
  abortedRequests: number
}

/** One agent the sandbox knows about, running or stopped. */
export interface SandboxAgent {
  agentId: string
  name: string
  channel: string
  /** `properties.agent_rtc_uid` as sent. */
  agentUid: string
  status: AgentStatus
  /** Unix seconds. */
  createTs: number
}

export interface Sandbox {
  /**
   * Origin to pass as a client's `baseUrl`, e.g. `'http://127.0.0.1:40123'`. Opened in a browser,
   * it is the sandbox's web console: live agents, calls, requests and webhook deliveries, a token
   * inspector and fault buttons (docs/console.md).
   */
  url: string
  /** The port listened on. */
  port: number
  /** Credentials the sandbox accepts (the given ones or `DEMO_CREDENTIALS`), for printing and for clients. */
  appId: string
  appCertificate: string
  customerId: string
  customerSecret: string
  /** With `tls: true`: the PEM certificate of the generated CA, to trust in clients. */
  caCertificate?: string
  /**
   * Every request received, in order (credentials redacted, see `SandboxRequest`); only the most
   * recent ones, or none, as `recordRequests` says. Clear with `requests.length = 0`.
   */
  requests: SandboxRequest[]
  /** A snapshot of the connection counters. */
  readonly connections: SandboxConnectionStats
  /** Requests whose handler threw (answered 500 `InternalError`, reported to `onHandlerError`). */
  readonly handlerErrors: number
  /** Every agent started since the sandbox started, in creation order. */
  agents(): SandboxAgent[]
  /** Every call kept (see `maxCalls`), in creation order. */
  calls(): SandboxCall[]
  /** Copies of the imported phone numbers. */
  phoneNumbers(): SandboxPhoneNumber[]
  /**
   * Simulates someone calling `toNumber`: it must be imported, with inbound calls on and an inbound
   * pipeline bound (`updatePhoneNumber(n, { inboundConfig: { pipelineId } })`). The pipeline's agent
   * answers in a fresh channel; the call is listed with `type: 'inbound'`.
   * @throws {TypeError} code `ERR_INVALID_ARG` for numbers not in E.164 form or a number not set up so
   */
  receiveCall(call: { fromNumber: string; toNumber: string }): { agentId: string; channel: string }
  /**
   * Simulates the other party hanging up: the call ends with reason `hangup` and its agent leaves.
   * @throws {TypeError} code `ERR_INVALID_ARG` for an unknown call
   */
  endCall(agentId: string): void
  /**
   * Applies `fault` to each of the next `n` requests, whatever their path. Several calls queue up
   * in order. Every faulted request is still recorded in `requests`. A fault with only `delayMs`
   * and/or `retryAfter` delays/decorates the normal answer; otherwise the request is not handled.
   * `{ webhook }` scripts webhook delivery attempts instead (a queue of their own).
   * @throws {TypeError | RangeError} code `ERR_INVALID_ARG` for an invalid script
   */
  failNext(n: number, fault: SandboxFault): void
  /**
   * Every webhook delivery attempt, oldest first (the most recent `webhook.recordDeliveries`);
   * empty without the `webhook` option. A pending attempt is updated in place when it settles.
   * Clear with `webhookDeliveries.length = 0`.
   */
  webhookDeliveries: SandboxWebhookAttempt[]
  /** Announces each delivery attempt (for a live view, or to wait for one in a test). */
  webhookEvents: SandboxWebhookEvents
  /**
   * Makes a STARTING or RUNNING agent report an error: a 110 notification (the agent keeps
   * running, as Agora's do after an LLM or TTS error).
   * @throws {TypeError | RangeError} code `ERR_INVALID_ARG` without the `webhook` option, for an unknown or stopped agent, or a bad `error`
   */
  injectAgentError(agentId: string, error?: SandboxAgentError): void
  /**
   * Makes a STARTING or RUNNING agent fail: it leaves (STOPPING) and ends FAILED, and the 102
   * notification says `status: 'FAILED'` with `message` (default `'RTC connection error'`;
   * Agora also documents `'Connecting for too long'`).
   * @throws {TypeError | RangeError} code `ERR_INVALID_ARG` for an unknown or stopped agent, or a message that is not 1 to 1024 bytes
   */
  failAgent(agentId: string, message?: string): void
  /** Stops listening, ends open connections, cancels webhook deliveries in flight and every retry, and clears all timers. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts the sandbox. It answers `…/api/conversational-ai-agent/v2/projects/{appid}/…` (join,
 * leave, update, query, list, speak, interrupt, think, history, turns; call, calls/{id}, hangup),
 * `…/v2/phone-numbers[/{number}]` and `GET /dev/v1/projects` with Agora's statuses, `reason` /
 * `error_type` strings and body shapes. `GET /` (and any other path a browser opens that is not
 * the API) is its web console, whose own files and endpoints live under `/_console/`.
 * Rejects with a TypeError/RangeError coded `ERR_INVALID_ARG`, `ERR_INVALID_APP_ID` or `ERR_INVALID_APP_CERTIFICATE`
 * for bad options, and with the listen error (e.g. `EADDRINUSE`) when the port is taken.
 */
export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>
