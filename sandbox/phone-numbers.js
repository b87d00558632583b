'use strict'

// The account's phone numbers (`/api/conversational-ai-agent/v2/phone-numbers[/{number}]`, not
// project-scoped) and their handlers, with Agora's documented validation and statuses: import 201,
// delete 204, 409 `phone_number_exists`, 400 `invalid_phone_format`, 404 `not_found`. Bounded by
// `maxPhoneNumbers` (an import past it is 422 `unprocessable_content`). The store is an
// EventEmitter announcing `'change', (number, 'imported' | 'updated' | 'deleted')` (the console follows it).
const { EventEmitter } = require('node:events')
const { badBody } = require('./api-error.js')
const { isObject, expectKind, requireKind } = require('./fields.js')
const { isE164 } = require('./agora-names.js')
const { TelephonyError, invalidPhone } = require('./telephony-errors.js')

/** Default of the `maxPhoneNumbers` option. */
const DEFAULT_MAX_PHONE_NUMBERS = 1000
const PROVIDERS = ['byo', 'twilio']
const MAX_LABEL_BYTES = 256

const notFound = (number) => new TelephonyError(404, 'not_found', `phone number ${number} not found`)

/** `{ pipeline_id } | null` of a PATCH: what a number is bound to. */
function checkBinding(value, field) {
  if (value === null) return
  if (!isObject(value)) throw new TelephonyError(400, 'invalid_request', `${field} must be an object or null`)
  expectKind(value.pipeline_id, 'string', `${field}.pipeline_id`)
}

/** The pipeline a number's calls reach: the inbound one, else the outbound one (the sandbox names it by its id). */
function associatedPipeline(n) {
  const id = n.inbound_config?.pipeline_id ?? n.outbound_config?.pipeline_id
  return id === undefined ? null : { pipeline_id: id, pipeline_name: id }
}

/** A number as Agora answers it; `withConfigs` false for the import answer, which omits them. */
function numberBody(n, { withConfigs = true } = {}) {
  const body = {
    provider: n.provider,
    phone_number: n.phone_number,
    label: n.label,
    inbound: n.inbound,
    outbound: n.outbound,
    associated_pipeline: associatedPipeline(n),
  }
  if (withConfigs) {
    body.inbound_config = n.inbound_config
    body.outbound_config = n.outbound_config
  }
  return body
}

class PhoneNumberStore extends EventEmitter {
  constructor({ maxPhoneNumbers = DEFAULT_MAX_PHONE_NUMBERS } = {}) {
    super()
    this.max = maxPhoneNumbers
    this.byNumber = new Map()
  }

  get(number) {
    return this.byNumber.get(number)
  }

  all() {
    return [...this.byNumber.values()]
  }

  /** A stored number, or 404 (a path that is not E.164 is 400 `invalid_phone_format`). */
  known(number) {
    if (!isE164(number)) throw invalidPhone('the phone number in the path')
    const n = this.byNumber.get(number)
    if (!n) throw notFound(number)
    return n
  }

  import(body) {
    if (!isObject(body)) throw badBody('the request body must be a JSON object')
    requireKind(body.provider, 'string', 'provider')
    if (!PROVIDERS.includes(body.provider)) throw new TelephonyError(400, 'invalid_request', `provider must be one of ${PROVIDERS.join(', ')}`)
    requireKind(body.phone_number, 'string', 'phone_number')
    if (!isE164(body.phone_number)) throw invalidPhone('phone_number')
    requireKind(body.label, 'string', 'label')
    if (body.label.length === 0 || Buffer.byteLength(body.label) > MAX_LABEL_BYTES) {
      throw new TelephonyError(400, 'invalid_request', `label must be 1 to ${MAX_LABEL_BYTES} bytes`)
    }
    expectKind(body.inbound, 'boolean', 'inbound')
    expectKind(body.outbound, 'boolean', 'outbound')
    expectKind(body.inbound_config, 'object', 'inbound_config')
    expectKind(body.outbound_config, 'object', 'outbound_config')
    expectKind(body.inbound_config?.allowed_addresses, 'string[]', 'inbound_config.allowed_addresses')
    for (const key of ['address', 'transport', 'prefix']) expectKind(body.outbound_config?.[key], 'string', `outbound_config.${key}`)
    if (this.byNumber.has(body.phone_number)) {
      throw new TelephonyError(409, 'phone_number_exists', `phone number ${body.phone_number} is already imported`)
    }
    if (this.byNumber.size >= this.max) {
      throw new TelephonyError(422, 'unprocessable_content', `the sandbox keeps at most ${this.max} phone numbers`)
    }
    const n = {
      provider: body.provider,
      phone_number: body.phone_number,
      label: body.label,
      inbound: body.inbound ?? true,
      outbound: body.outbound ?? true,
      inbound_config: body.inbound_config ?? null,
      outbound_config: body.outbound_config ?? null,
    }
    this.byNumber.set(n.phone_number, n)
    this.emit('change', n, 'imported')
    return n
  }

  /** PATCH: `{ inbound_config?, outbound_config? }`, each `{ pipeline_id }` to bind (merged) or null to clear. */
  update(number, body) {
    const n = this.known(number)
    if (!isObject(body)) throw badBody('the request body must be a JSON object')
    const keys = ['inbound_config', 'outbound_config'].filter((k) => body[k] !== undefined)
    if (keys.length === 0) throw new TelephonyError(400, 'invalid_request', 'give inbound_config or outbound_config (an object, or null to clear it)')
    for (const k of keys) checkBinding(body[k], k)
    for (const k of keys) n[k] = body[k] === null ? null : { ...n[k], ...body[k] }
    this.emit('change', n, 'updated')
    return n
  }

  delete(number) {
    const n = this.known(number)
    this.byNumber.delete(number)
    this.emit('change', n, 'deleted')
  }
}

// Handlers: each takes the request context and returns `{ status, body }` or throws.
const list = (ctx) => ({ status: 200, body: ctx.numbers.all().map((n) => numberBody(n)) })
const add = (ctx) => ({ status: 201, body: numberBody(ctx.numbers.import(ctx.body), { withConfigs: false }) })
const get = (ctx) => ({ status: 200, body: numberBody(ctx.numbers.known(ctx.phoneNumber)) })
const patch = (ctx) => ({ status: 200, body: numberBody(ctx.numbers.update(ctx.phoneNumber, ctx.body)) })
function remove(ctx) {
  ctx.numbers.delete(ctx.phoneNumber)
  return { status: 204, body: undefined }
}

module.exports = { PhoneNumberStore, DEFAULT_MAX_PHONE_NUMBERS, handlers: { list, add, get, patch, remove } }
