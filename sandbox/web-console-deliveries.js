'use strict'

// Where the web console's webhook panel gets its data: the sandbox's webhooks (webhooks.js), as
// the attempts behind `sandbox.webhookDeliveries` (each updated in place when it settles), the
// events announcing them ('attempt-start' when one is sent, 'attempt' when it has its outcome),
// and the queue of scripted delivery faults. The console knows nothing else of the webhook
// machinery, so this is the one place that changes if it does.

/** Where a webhook goes, without what a URL may carry that is secret (user info, query). */
function receiverOf(url) {
  const { origin, pathname } = new URL(url)
  return `${origin}${pathname}`
}

/**
 * @param {import('./webhooks.js').SandboxWebhooks} webhooks
 * @returns {{ receiver: string | null, all(): object[], faults?: import('./faults.js').Faults,
 *   subscribe(listener: (attempt: object) => void): () => void }}
 */
function deliveriesSource(webhooks) {
  const { sender, deliveries, events } = webhooks
  return {
    receiver: sender ? receiverOf(sender.config.url) : null,
    all: () => deliveries,
    faults: sender?.faults,
    subscribe(listener) {
      events.on('attempt-start', listener)
      events.on('attempt', listener)
      return () => {
        events.off('attempt-start', listener)
        events.off('attempt', listener)
      }
    },
  }
}

module.exports = { deliveriesSource }
