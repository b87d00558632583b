'use strict'

// Agora's naming rules for channels, uids and user accounts (docs/tokens.md, docs/token-format.md),
// and the E.164 form of phone numbers (docs/telephony.md).
const AGORA_CHARS = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]*$/

/** Channel name: 1..63 bytes of Agora's 89 characters. */
const isChannelName = (s) => s.length > 0 && Buffer.byteLength(s) < 64 && AGORA_CHARS.test(s)

/** Numeric uid as a decimal string: 0..4294967295, no sign, no leading zeros. */
const isNumericUid = (s) => /^(0|[1-9][0-9]{0,9})$/.test(s) && Number(s) <= 0xffffffff

/** User account: 1..255 bytes of Agora's 89 characters. */
const isAccount = (s) => s.length > 0 && Buffer.byteLength(s) <= 255 && AGORA_CHARS.test(s)

/** E.164 phone number: '+', a first digit 1-9, 2 to 15 digits in all. */
const isE164 = (s) => typeof s === 'string' && /^\+[1-9][0-9]{1,14}$/.test(s)

module.exports = { isChannelName, isNumericUid, isAccount, isE164 }
