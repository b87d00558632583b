// `ConvoAIClient` (src/convoai/client.rs) with the one method that is
// JavaScript: `listAllAgents`, an async generator over `listAgents` pages.
'use strict'

const { ConvoAIClient } = require('../binding.js')

// Every agent of a listAgents query, page by page. The walk is the core's
// (client.agentPages): it ends with ERR_BAD_RESPONSE on a cursor seen before
// and at a page cap, so a misbehaving server cannot page forever.
async function* listAllAgents(query, options) {
  const pages = this.agentPages(query)
  for (let page = await pages.next(options); page !== null; page = await pages.next(options)) {
    yield* page
  }
}

// As a class method would be: writable, configurable, not enumerable.
Object.defineProperty(ConvoAIClient.prototype, 'listAllAgents', {
  value: listAllAgents,
  writable: true,
  configurable: true,
})

module.exports = { ConvoAIClient }
