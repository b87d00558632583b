'use strict'

const { randomBytes } = require('node:crypto')

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** A fresh agent id in Agora's shape: 25 upper-case alphanumerics, e.g. 1NT29X10YH…WJOXLYHNYB. */
function newAgentId() {
  // 252 = 7 * 36: rejecting bytes at or above it keeps every character equally likely.
  let id = ''
  while (id.length < 25) {
    for (const byte of randomBytes(32)) {
      if (byte < 252 && id.length < 25) id += ALPHABET[byte % 36]
    }
  }
  return id
}

module.exports = { newAgentId }
