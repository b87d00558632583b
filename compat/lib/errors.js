'use strict'
// Coded errors for the compat modules, shaped like the addon's own (docs/tokens.md, "Errors"):
// a TypeError/RangeError with a stable `code`. Messages name the argument, never its value.

function codedError(Ctor, code, message) {
  const err = new Ctor(message)
  err.code = code
  return err
}

const typeError = (code, message) => codedError(TypeError, code, message)
const rangeError = (code, message) => codedError(RangeError, code, message)

module.exports = { typeError, rangeError }
