// Evaluated once per JavaScript environment by the addon (src/convoai/mod.rs,
// include_str!). It holds the two things Rust cannot express well: the
// `AgoraApiError` class (a real subclass of Error, exported) and the async
// generator behind `ConvoAIClient#listAllAgents`. It returns the helpers the
// addon calls on the JS thread.
(function install(binding) {
  'use strict'

  /** A non-2xx answer of the Agora REST API. */
  class AgoraApiError extends Error {
    constructor(message, fields) {
      super(message)
      this.code = 'ERR_AGORA_API'
      this.status = fields.status
      this.reason = fields.reason
      this.detail = fields.detail
      this.requestId = fields.requestId
      this.retryable = fields.retryable
      this.attempts = fields.attempts
    }
  }
  Object.defineProperty(AgoraApiError.prototype, 'name', {
    value: 'AgoraApiError',
    writable: true,
    configurable: true,
  })
  binding.AgoraApiError = AgoraApiError

  // Every page of listAgents, following `cursor` until the server has no
  // more. The walk (client.agentPages) is the core's: it ends with
  // ERR_BAD_RESPONSE on a cursor seen before and at a page cap.
  async function* listAllAgents(client, query, options) {
    const pages = client.agentPages(query)
    for (let page = await pages.next(options); page !== null; page = await pages.next(options)) {
      yield* page
    }
  }

  // Every call record of listCalls, page by page. The walk (client.callPages)
  // is the core's: it ends with ERR_BAD_RESPONSE on a cursor seen before and
  // at a page cap. Installed as a method, as a class method would be.
  async function* listAllCalls(query, options) {
    const pages = this.callPages(query)
    for (let page = await pages.next(options); page !== null; page = await pages.next(options)) {
      yield* page
    }
  }
  Object.defineProperty(binding.ConvoAIClient.prototype, 'listAllCalls', {
    value: listAllCalls,
    writable: true,
    configurable: true,
  })

  const constructors = { type: TypeError, range: RangeError, plain: Error }

  // spec: { api: true, message, status, reason?, detail?, requestId?, retryable, attempts }
  //    or { kind: 'type' | 'range' | 'plain', code, message }
  function makeError(spec) {
    if (spec.api) return new AgoraApiError(spec.message, spec)
    const err = new constructors[spec.kind](spec.message)
    err.code = spec.code
    if (spec.code === 'ERR_ABORTED') err.name = 'AbortError'
    return err
  }

  return { makeError, listAllAgents }
})
