'use strict'

// agora-convoai-native/sandbox: a local server that answers Agora's Conversational AI REST API.
const { startSandbox } = require('./server.js')
const { DEMO_CREDENTIALS } = require('./demo.js')

module.exports = { startSandbox, DEMO_CREDENTIALS }
