'use strict'

// Small type checks shared by the body validators. Each throws Agora's 400 with the field's path.
const { missing, invalid } = require('./api-error.js')

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInteger = (v) => Number.isSafeInteger(v)

const KINDS = {
  string: [(v) => typeof v === 'string', 'a string'],
  boolean: [(v) => typeof v === 'boolean', 'a boolean'],
  integer: [isInteger, 'an integer'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  object: [isObject, 'an object'],
  array: [Array.isArray, 'an array'],
  'string[]': [(v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'an array of strings'],
  'integer[]': [(v) => Array.isArray(v) && v.every(isInteger), 'an array of integers'],
  'object[]': [(v) => Array.isArray(v) && v.every(isObject), 'an array of objects'],
  'map<string,string>': [(v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string'), 'an object of strings'],
}

/** Throws InvalidFieldValue when `value` is present (not undefined) but not of `kind`. */
function expectKind(value, kind, path) {
  const [test, label] = KINDS[kind]
  if (value !== undefined && !test(value)) throw invalid(`${path} must be ${label}`)
}

/** Throws MissingRequiredField when absent (undefined or null), InvalidFieldValue when of the wrong kind. */
function requireKind(value, kind, path) {
  if (value === undefined || value === null) throw missing(path)
  expectKind(value, kind, path)
}

/** Checks each `[key, kind]` of `schema` on `obj` (present ones only); unknown keys pass through. `path` '' = top level. */
function expectShape(obj, schema, path) {
  for (const key in schema) {
    // The path is only built for a present value (a string per field per request adds up).
    if (obj[key] !== undefined) expectKind(obj[key], schema[key], path ? `${path}.${key}` : key)
  }
}

/** Throws InvalidFieldValue unless `value` is absent or one of `allowed`. */
function expectOneOf(value, allowed, path) {
  if (value !== undefined && !allowed.includes(value)) throw invalid(`${path} must be one of ${allowed.join(', ')}`)
}

module.exports = { isObject, expectKind, requireKind, expectShape, expectOneOf }
