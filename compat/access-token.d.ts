// Types of agora-convoai-native/compat/access-token: the agora-access-token 2.0.4 API
// (legacy "006" tokens). Privilege times are ABSOLUTE Unix timestamps (0 = no expiry);
// each token gets a fresh random salt. Builders throw coded TypeError/RangeError
// (ERR_INVALID_APP_ID, ERR_INVALID_APP_CERTIFICATE, ERR_INVALID_CHANNEL_NAME,
// ERR_INVALID_UID, ERR_INVALID_EXPIRE, ERR_INVALID_ARG).

/** RTC roles of 006. ATTENDEE and ADMIN are deprecated aliases of PUBLISHER. */
export declare const RtcRole: {
  readonly ATTENDEE: 0
  readonly PUBLISHER: 1
  readonly SUBSCRIBER: 2
  readonly ADMIN: 101
}
/** One of the {@link RtcRole} values. */
export type RtcRoleValue = 0 | 1 | 2 | 101

/** RTM roles of 006 (the builder ignores the role). */
export declare const RtmRole: {
  readonly Rtm_User: 1
}

/** See `withFixedClock` of agora-convoai-native/compat. */
export interface FixedClock {
  /** Unix seconds the builders take as "now": the token's `ts` is issueTs + 24 h. */
  issueTs?: number
  /** Salt (u32). */
  salt?: number
}

/** Runs `fn` synchronously with "now" and/or the salt pinned, then restores them. */
export declare function withFixedClock<T>(clock: FixedClock, fn: () => T): T

export declare class RtcTokenBuilder {
  /**
   * 006 RTC token for a numeric uid (0 = any user).
   * @param privilegeExpiredTs absolute Unix seconds (e.g. now + 3600), 0 = no expiry.
   */
  static buildTokenWithUid(appID: string, appCertificate: string, channelName: string, uid: number | string, role: RtcRoleValue, privilegeExpiredTs: number): string
  /** 006 RTC token for a user account. */
  static buildTokenWithAccount(appID: string, appCertificate: string, channelName: string, account: string | number, role: RtcRoleValue, privilegeExpiredTs: number): string
}

export declare class RtmTokenBuilder {
  /** 006 RTM token; the account is carried in the channel slot (by design of 006). */
  static buildToken(appID: string, appCertificate: string, account: string | number, role: number, privilegeExpiredTs: number): string
}
