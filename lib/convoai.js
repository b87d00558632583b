// `ConvoAIClient` (src/convoai/client.rs) with the methods that are
// JavaScript: `listAllAgents` and `listAllCalls`, async generators over the
// core's page walks, and `startAgent`, which reads its request here
// (lib/generated/start-agent.js, src/convoai/start_request.rs).
'use strict'

const { ConvoAIClient } = require('../binding.js')
const { startAgent } = require('./generated/start-agent.js')

// Every agent of a listAgents query, page by page. The walk is the core's
// (client.agentPages): it ends with ERR_BAD_RESPONSE on a cursor seen before
// and at a page cap, so a misbehaving server cannot page forever.
async function* listAllAgents(query, options) {
  const pages = this.agentPages(query)
  for (let page = await pages.next(options); page !== null; page = await pages.next(options)) {
    yield* page
  }
}

// Every call record of a listCalls query, page by page, on the same walk
// (client.callPages).
async function* listAllCalls(query, options) {
  const pages = this.callPages(query)
  for (let page = await pages.next(options); page !== null; page = await pages.next(options)) {
    yield* page
  }
}

// As class methods would be: writable, configurable, not enumerable.
for (const [name, value] of Object.entries({ listAllAgents, listAllCalls, startAgent })) {
  Object.defineProperty(ConvoAIClient.prototype, name, { value, writable: true, configurable: true })
}

module.exports = { ConvoAIClient }
