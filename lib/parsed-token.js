// parseToken: the addon parses the token and writes its content as a flat
// record (src/token/parsed.rs); this module builds the result objects from
// it with object literals, which V8 makes far faster than N-API can set
// properties one at a time.
//
// The record follows the document order of the ParsedToken shape as
// crates/agora-convoai-core/src/token/parsed_view.rs writes it, so the
// readers below mirror that file: `numbers` holds every number, each
// string's length (UTF-16 units, the string itself is in `text`), each map
// entry's id, the version and each service's type; END closes every object
// and array. Fixed keys are not in the record: they are here; names by id
// come from the core's tables (generated/token-names.js).
// __test__/tokens.parse.test.mjs compares results for every service type
// with what the specs that built them say.
'use strict'

const native = require('../binding.js')
const { SERVICES, RESOURCES, PERMISSIONS, PRIVILEGES, privileges006 } = require('./generated/token-names.js')

const END = -1

// Large enough for any token with a few services; a larger one gets a
// larger array for its own call.
const numbers = new Float64Array(256)

// The record being read. No user code runs between the addon's write and
// the end of the read, so one set of module variables serves every call.
let n = numbers
let text = ''
let i = 0
let at = 0
/** Slots the record uses: no loop reads past them, whatever it holds. */
let used = 0

/** Whether the container being read goes on. */
function more() {
  return i < used && n[i] !== END
}

function num() {
  return n[i++]
}

function str() {
  const length = n[i++]
  const s = text.slice(at, at + length)
  at += length
  return s
}

/** A privilege map, read by `reader` (generated/token-names.js). */
function privileges(reader) {
  const map = {}
  i = reader(n, i, used, map)
  return map
}

/** `{ [resource]: { [permission]: string[] } }` of an RTM2 service. */
function permissions() {
  const byResource = {}
  while (more()) {
    const resource = n[i++]
    const byPermission = {}
    while (more()) {
      const permission = n[i++]
      const list = []
      while (more()) list.push(str())
      i++
      byPermission[PERMISSIONS[permission] ?? permission] = list
    }
    i++
    byResource[RESOURCES[resource] ?? resource] = byPermission
  }
  i++
  return byResource
}

function service() {
  const type = n[i++]
  const name = SERVICES[type]
  let s
  // The body's fields first, then `service`, `privileges`, `expiresAt`.
  switch (name) {
    case 'rtc':
      s = { channelName: str(), uid: str(), service: name, privileges: null, expiresAt: null }
      break
    case 'rtm':
    case 'chat':
      s = { userId: str(), service: name, privileges: null, expiresAt: null }
      break
    case 'streaming':
    case 'fcdn':
      s = { channelName: str(), account: str(), service: name, privileges: null, expiresAt: null }
      break
    case 'apaas':
      s = { roomUuid: str(), userUuid: str(), role: num(), service: name, privileges: null, expiresAt: null }
      break
    case 'rtm2':
      s = { userId: str(), permissions: permissions(), service: name, privileges: null, expiresAt: null }
      break
    default: // fpa, convoai, stt: no body
      s = { service: name, privileges: null, expiresAt: null }
  }
  const reader = PRIVILEGES[type]
  s.privileges = privileges(reader)
  s.expiresAt = privileges(reader)
  i++
  return s
}

function services() {
  const list = []
  while (more()) list.push(service())
  i++
  return list
}

function token007() {
  const token = {
    version: '007',
    appId: str(),
    issueTs: num(),
    expire: num(),
    expiresAt: num(),
    salt: num(),
    signature: str(),
    services: services(),
  }
  // `incomplete: true` (written only then), before the token's END.
  if (more()) {
    i++
    token.incomplete = true
  }
  i++
  return token
}

function token006() {
  const token = {
    version: '006',
    appId: str(),
    issueTs: num(),
    expiresAt: num(),
    salt: num(),
    signature: str(),
    crcChannelName: num(),
    crcUid: num(),
    privileges: privileges(privileges006),
    services: [],
  }
  i += 2 // the empty `services`, the token
  return token
}

function parseToken(token) {
  n = numbers
  let t = native.parseToken(token, n)
  if (t === null) {
    // Slot 0 says how many slots this token needs.
    n = new Float64Array(n[0])
    t = native.parseToken(token, n)
  }
  text = t
  used = n[0]
  i = 1
  at = 0
  const result = num() === 7 ? token007() : token006()
  // A reader out of step with src/token/parsed.rs is a bug here, not a bad token.
  if (i !== used || at !== text.length) throw new Error('parseToken: the result record was misread')
  return result
}

module.exports = { parseToken }
