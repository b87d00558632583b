// The promises of the ConvoAI calls (src/convoai/completions.rs). The addon
// makes each call's promise with `track(id)` and settles finished calls in
// batches: `settle(text)` gets `[[id, ok, value], …]` as JSON text, one wake
// of this thread for every call that finished since the last.
'use strict'

const { makeError } = require('./errors.js')

/** Resolve and reject functions of the calls in flight, by id. */
const pending = new Map()

/** The promise of call `id`. */
function track(id) {
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
  })
}

/** Settles a batch of finished calls: `value` is the result, or the error's spec when `ok` is 0. */
function settle(text) {
  for (const [id, ok, value] of JSON.parse(text)) {
    const call = pending.get(id)
    pending.delete(id)
    if (ok) call.resolve(value)
    else call.reject(makeError(value))
  }
}

/** A call refused before it started (a bad argument): a promise rejected with its error. */
function rejected(spec) {
  return Promise.reject(makeError(spec))
}

module.exports = { track, settle, rejected }
