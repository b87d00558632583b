'use strict'

// The native binding, loaded on first use: the package entry requires this
// directory, so requiring the entry back while it loads would be circular.
let binding

/** The addon's exports (the napi-generated loader). */
function native() {
  binding ??= require('../../index.js')
  return binding
}

module.exports = { native }
