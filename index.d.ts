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

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

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
 * Parses a "007" or "006" token without the certificate: App ID, issue
 * time, absolute expiry, salt, signature and every service with its
 * privileges and their absolute expiry times.
 *
 * @throws {Error} `ERR_INVALID_TOKEN` for anything that is not a well-formed token.
 */
export declare function parseToken(token: string): ParsedToken

/**
 * RTC role: a publisher may join and publish audio, video and data; a
 * subscriber may only join.
 */
export type RtcRole = 'publisher' | 'subscriber'

/** Options of {@link buildRtcRtmToken}: those of {@link RtcTokenOptions} plus RTM. */
export interface RtcRtmTokenOptions {
  /** App ID: 32 hexadecimal characters, case kept. */
  appId: string
  /** App Certificate: 32 hexadecimal characters, case kept. Never logged. */
  appCertificate: string
  /** Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`. */
  channelName: string
  /** A numeric uid (integer 0..4294967295; 0 = any user) or a string user account. */
  uid: number | string
  /** Default `'publisher'`. */
  role?: RtcRole
  /** Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600. */
  tokenExpire?: number
  /** RTC privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`. */
  privilegeExpire?: number
  /** Per-privilege override; see {@link RtcTokenOptions.joinChannelExpire}. */
  joinChannelExpire?: number
  /** Per-privilege override. */
  publishAudioExpire?: number
  /** Per-privilege override. */
  publishVideoExpire?: number
  /** Per-privilege override. */
  publishDataExpire?: number
  /** Unix seconds the token is issued at. Default now. */
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

/**
 * Checks a token's signature in constant time over its original signed
 * bytes. Returns false on a signature mismatch (or, with `context`, a
 * channel/uid mismatch); expiry is not checked (see `parseToken().expiresAt`).
 *
 * @throws {Error} `ERR_INVALID_TOKEN` for malformed input; `ERR_INVALID_ARG`
 * for a 006 token without `context`.
 */
export declare function verifyToken(token: string, appCertificate: string, context?: TokenContext): boolean
