// `ConvoAIClient` (src/convoai/client.rs) with the one method that is
// JavaScript: `listAllAgents`, an async generator over `listAgents` pages.
'use strict'

const { ConvoAIClient } = require('../binding.js')

// Every page of listAgents, following `cursor` until the server has no more.
async function* listAllAgents(query, options) {
  let q = { ...query }
  for (;;) {
    const page = await this.listAgents(q, options)
    yield* page.agents
    if (!page.cursor || page.agents.length === 0 || page.cursor === q.cursor) return
    q = { ...q, cursor: page.cursor }
  }
}

// As a class method would be: writable, configurable, not enumerable.
Object.defineProperty(ConvoAIClient.prototype, 'listAllAgents', {
  value: listAllAgents,
  writable: true,
  configurable: true,
})

module.exports = { ConvoAIClient }
