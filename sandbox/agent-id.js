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

const ID_LENGTH = 25
const id = Buffer.alloc(ID_LENGTH)

/** A fresh agent id in Agora's shape: 25 upper-case alphanumerics, e.g. 1NT29X10YH…WJOXLYHNYB. */
function newAgentId() {
  // 252 = 7 * 36: rejecting bytes at or above it keeps every character equally likely.
  for (let i = 0; i < ID_LENGTH; ) {
    const byte = randomByte()
    if (byte < 252) id[i++] = ALPHABET.charCodeAt(byte % 36)
  }
  // One flat string (appending 25 characters would build a rope to flatten at every Map lookup).
  return id.toString('latin1')
}

module.exports = { newAgentId }
