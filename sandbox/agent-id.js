'use strict'

const { randomFillSync } = require('node:crypto')

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

// Random bytes are drawn 4 KiB at a time (one system call per ~150 ids, not one per id).
const pool = Buffer.alloc(4096)
let used = pool.length

function randomByte() {
  if (used === pool.length) {
    randomFillSync(pool)
    used = 0
  }
  return pool[used++]
}

/** A fresh agent id in Agora's shape: 25 upper-case alphanumerics, e.g. 1NT29X10YH…WJOXLYHNYB. */
function newAgentId() {
  // 252 = 7 * 36: rejecting bytes at or above it keeps every character equally likely.
  let id = ''
  while (id.length < 25) {
    const byte = randomByte()
    if (byte < 252) id += ALPHABET[byte % 36]
  }
  return id
}

module.exports = { newAgentId }
