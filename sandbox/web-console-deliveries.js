'use strict'

// Where the web console's webhook panel gets its data: the sandbox's delivery attempts (the
// array behind `sandbox.webhookDeliveries`, each attempt updated in place when it settles) and
// the emitter announcing them (`'attempt-start'` when one is sent, `'attempt'` when it has its
// outcome). The panel knows nothing else of the webhook machinery, so this is the one place
// that changes if it does.

/**
 * @param {{ deliveries: object[], events: import('node:events').EventEmitter } | undefined} webhooks
 *   undefined: this sandbox delivers no webhooks
 * @returns {{ all(): object[], subscribe(listener: (attempt: object) => void): () => void }}
 */
function deliveriesSource(webhooks) {
  if (!webhooks) return { all: () => [], subscribe: () => () => {} }
  return {
    all: () => webhooks.deliveries,
    subscribe(listener) {
      webhooks.events.on('attempt-start', listener)
      webhooks.events.on('attempt', listener)
      return () => {
        webhooks.events.off('attempt-start', listener)
        webhooks.events.off('attempt', listener)
      }
    },
  }
}

module.exports = { deliveriesSource }
