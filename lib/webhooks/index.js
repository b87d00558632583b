'use strict'

// Webhooks of Agora's Notification Center for Conversational AI (
// manual: docs/webhooks.md; types: types/header.d.ts (its webhooks part)).
const { verifyWebhook, parseWebhook, signWebhook } = require('./verify.js')
const { createWebhookHandler } = require('./node.js')
const { createFetchWebhookHandler } = require('./fetch.js')
const { createWebhookDedupe, createMemoryDedupeStore } = require('./dedupe.js')

module.exports = {
  verifyWebhook,
  parseWebhook,
  signWebhook,
  createWebhookHandler,
  createFetchWebhookHandler,
  createWebhookDedupe,
  createMemoryDedupeStore,
}
