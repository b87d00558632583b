// Types of agora-convoai-native/compat: the agora-token 2.0.6 API (same names,
// argument order and constants). Every builder throws a coded TypeError/RangeError
// (`code`: ERR_INVALID_APP_ID, ERR_INVALID_APP_CERTIFICATE, ERR_INVALID_CHANNEL_NAME,
// ERR_INVALID_UID, ERR_INVALID_EXPIRE, ERR_INVALID_ARG) where agora-token returns "".
// All expiries are seconds from now (issue time), not timestamps.

/** RTC roles. Only these two values are accepted. */
export declare const RtcRole: {
  /** Join and publish audio, video and data. */
  readonly PUBLISHER: 1
  /** Join only (takes effect with co-host authentication enabled). */
  readonly SUBSCRIBER: 2
}
/** `RtcRole.PUBLISHER` or `RtcRole.SUBSCRIBER`. */
export type RtcRoleValue = 1 | 2

/** RTM2 resource-level permissions, as in agora-token. */
export declare class Rtm2Permissions {
  static readonly kMessageChannels: 0
  static readonly kStreamChannels: 1
  static readonly kGroupChannels: 2
  static readonly kServerGroups: 3
  static readonly kUsers: 4
  static readonly kRead: 0
  static readonly kWrite: 1
  details: { [resourceType: number]: { [permissionType: number]: string[] } }
  /** Adds or replaces the resources of one resource type and permission type. */
  add(resourceType: number, permissionType: number, resources: Iterable<string> | ArrayLike<string>): void
}

/** Issue time and salt to pin for {@link withFixedClock}. */
export interface FixedClock {
  /** Unix seconds the builders take as "now" (u32). */
  issueTs?: number
  /** Salt (u32). */
  salt?: number
}

/**
 * Runs `fn` synchronously with the issue time and/or salt of every compat token it
 * builds pinned (for reproducible tokens in tests), then restores "now" and a fresh
 * random salt, also when `fn` throws. Not for async callbacks.
 */
export declare function withFixedClock<T>(clock: FixedClock, fn: () => T): T

export declare class RtcTokenBuilder {
  /**
   * RTC token for a numeric uid (0 = any user) or a string account.
   * @param tokenExpire seconds from now (0..2^32-1): the whole token's lifetime.
   * @param privilegeExpire seconds from now for the privileges; default 0 (bounded by the token).
   */
  static buildTokenWithUid(appId: string, appCertificate: string, channelName: string, uid: number | string, role: RtcRoleValue, tokenExpire: number, privilegeExpire?: number): string
  /** As {@link RtcTokenBuilder.buildTokenWithUid}, for a user account. */
  static buildTokenWithUserAccount(appId: string, appCertificate: string, channelName: string, account: string | number, role: RtcRoleValue, tokenExpire: number, privilegeExpire?: number): string
  /** RTC token with all four privileges, each with its own lifetime (seconds from now). */
  static buildTokenWithUidAndPrivilege(appId: string, appCertificate: string, channelName: string, uid: number | string, tokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number): string
  /** Same as {@link RtcTokenBuilder.buildTokenWithUidAndPrivilege} (capital B, as in agora-token). */
  static BuildTokenWithUserAccountAndPrivilege(appId: string, appCertificate: string, channelName: string, account: string | number, tokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number): string
  /** RTC + RTM login for the same account (numbers as decimal; uid 0 throws: it names no RTM user). The login privilege lasts `tokenExpire`. */
  static buildTokenWithRtm(appId: string, appCertificate: string, channelName: string, account: string | number, role: RtcRoleValue, tokenExpire: number, privilegeExpire?: number): string
  /** RTC (publish privileges for a publisher only) + RTM login for `rtmUserId`. */
  static buildTokenWithRtm2(appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRoleValue, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number): string
}

export declare class RtmTokenBuilder {
  /** RTM login token for `userId` (non-empty; numbers as decimal). */
  static buildToken(appId: string, appCertificate: string, userId: string | number, expire: number): string
  /** RTM2 token with resource-level permissions (userId 0/null = ""). Resource types 0..4 and permission types 0..1 only. */
  static buildTokenWithPermissions(appId: string, appCertificate: string, userId: string | number | null | undefined, permissions: Rtm2Permissions | null | undefined, expire: number): string
}

export declare class ChatTokenBuilder {
  /** Chat user token. */
  static buildUserToken(appId: string, appCertificate: string, userId: string | number, expire: number): string
  /** Chat app token. */
  static buildAppToken(appId: string, appCertificate: string, expire: number): string
}

export declare class FpaTokenBuilder {
  /** FPA token, valid 24 hours. */
  static buildToken(appId: string, appCertificate: string): string
}

export declare class ApaasTokenBuilder {
  /**
   * Room user token: APaaS (empty privilege map, role 0/undefined -> -1, as agora-token's
   * Node builder does), RTM login for `userUuid`, Chat for md5_hex(userUuid).
   */
  static buildRoomUserToken(appId: string, appCertificate: string, roomUuid: string, userUuid: string | number, role: number | null | undefined, expire: number): string
  /** APaaS user token. */
  static buildUserToken(appId: string, appCertificate: string, userUuid: string | number, expire: number): string
  /** APaaS app token. */
  static buildAppToken(appId: string, appCertificate: string, expire: number): string
}

/** Same builders as {@link ApaasTokenBuilder} (the same service type). */
export declare class EducationTokenBuilder extends ApaasTokenBuilder {}

export declare class ConvoAITokenBuilder {
  /** Exactly {@link RtcTokenBuilder.buildTokenWithRtm2}'s services plus ConvoAI (type 9). */
  static buildToken(appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRoleValue, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number): string
}

export declare class SttTokenBuilder {
  /** Exactly {@link RtcTokenBuilder.buildTokenWithRtm2}'s services plus STT (type 10). */
  static buildToken(appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRoleValue, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number): string
}
