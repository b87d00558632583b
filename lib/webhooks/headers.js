'use strict'

// Reads the two signature headers from whatever a framework hands over: a
// Fetch `Headers` (Next.js, undici), a Map, or an object of header names to
// values in any case (Node's `req.headers`, lower-cased; hand-made objects).
// Only the values leave here; the native side bounds and compares them.
const { typeError } = require('../../compat/lib/errors.js')

const V2 = 'agora-signature-v2'
const V1 = 'agora-signature'

/** Values kept from an array-valued header: more cannot fit the native side's length bound anyway. */
const MAX_VALUES = 16

/**
 * @param {unknown} headers
 * @returns {{ v2: string | undefined, v1: string | undefined }} each header's values, comma-joined; undefined when absent
 */
function signatureHeaders(headers) {
  if (typeof headers !== 'object' || headers === null) {
    throw typeError('ERR_INVALID_ARG', "headers must be a Fetch Headers or an object of header names to values (Node's req.headers)")
  }
  const fetchHeaders = /** @type {{ get?: unknown }} */ (headers)
  if (!(headers instanceof Map) && typeof fetchHeaders.get === 'function') {
    // Fetch Headers: case-insensitive lookups, repeated headers joined with ", ".
    const get = /** @type {(name: string) => string | null} */ (fetchHeaders.get.bind(headers))
    return { v2: get(V2) ?? undefined, v1: get(V1) ?? undefined }
  }
  const found = { v2: [], v1: [] }
  const entries = headers instanceof Map ? headers.entries() : Object.entries(headers)
  for (const [name, value] of entries) {
    if (value === undefined || value === null || typeof name !== 'string') continue
    const lower = name.toLowerCase()
    const list = lower === V2 ? found.v2 : lower === V1 ? found.v1 : undefined
    if (list === undefined) continue
    // A present header of another type still counts as present (it can never match), so a
    // broken V2 never lets SHA-1 decide.
    for (const item of Array.isArray(value) ? value.slice(0, MAX_VALUES) : [value]) {
      list.push(typeof item === 'string' ? item : '')
    }
  }
  return { v2: joined(found.v2), v1: joined(found.v1) }
}

function joined(values) {
  return values.length === 0 ? undefined : values.join(',')
}

module.exports = { signatureHeaders }
