// Fault buttons: each scripts `sandbox.failNext(count, fault)` for the next API requests
// (docs/sandbox.md, "Test helpers") or, when the sandbox delivers webhooks, for the next delivery
// attempts (docs/webhooks.md); the list shows what is still pending.
import { $, h } from './dom.js'
import { act } from './live.js'

const PRESETS = [
  { label: '503 with Retry-After', fault: { status: 503, retryAfter: 2 } },
  { label: '429 rate limited', fault: { status: 429, retryAfter: 1 } },
  { label: '500 internal error', fault: { status: 500 } },
  { label: 'Drop the connection', fault: { dropConnection: true } },
  { label: 'Answer slowly (5 s)', fault: { delayMs: 5000 } },
  { label: 'Bad JSON', fault: { badJson: true } },
]

const WEBHOOK_PRESETS = [
  { label: 'Webhook not sent', fault: { webhook: 'unsent' } },
  { label: 'Webhook answer lost', fault: { webhook: 'answer-lost' } },
]

const WEBHOOK_FAULTS = { unsent: 'webhook not sent', 'answer-lost': 'webhook answer lost (sent, then retried)' }

/** "503, Retry-After 2 s" */
function describe(fault) {
  if (fault.webhook) return WEBHOOK_FAULTS[fault.webhook] ?? `webhook ${fault.webhook}`
  const parts = []
  if (fault.status !== undefined) parts.push(`${fault.status}${fault.reason ? ` ${fault.reason}` : ''}`)
  if (fault.dropConnection) parts.push('drop the connection')
  if (fault.badJson) parts.push('bad JSON')
  if (fault.delayMs) parts.push(`after ${fault.delayMs} ms`)
  if (fault.retryAfter !== undefined) parts.push(`Retry-After ${fault.retryAfter} s`)
  return parts.join(', ') || 'no change'
}

function showError(message) {
  $('fault-error').textContent = message
  $('fault-error').hidden = !message
}

async function script(method, body) {
  showError('')
  try {
    renderFaults(await act(method, 'faults', body))
  } catch (error) {
    showError(error.message)
  }
}

export function renderFaults({ faults }) {
  const items = faults.pending.map((p) => {
    const what = p.fault.webhook ? 'delivery attempt' : 'request'
    return h('li', {}, `${describe(p.fault)} — next ${p.remaining} ${what}${p.remaining === 1 ? '' : 's'}`)
  })
  const hidden = faults.total - faults.pending.reduce((sum, p) => sum + p.remaining, 0)
  if (hidden > 0) items.push(h('li', {}, `… and ${hidden} more`))
  $('fault-pending').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'None pending: requests and deliveries go through normally.')]))
  $('fault-clear').disabled = faults.total === 0
}

const buttonsOf = (presets) =>
  presets.map(({ label, fault }) =>
    h('button', { type: 'button', onclick: () => script('POST', { count: Number($('fault-count').value) || 1, fault }) }, label),
  )

export function setUpFaults() {
  $('fault-buttons').replaceChildren(...buttonsOf(PRESETS))
  $('webhook-fault-buttons').replaceChildren(...buttonsOf(WEBHOOK_PRESETS))
  $('fault-clear').addEventListener('click', () => script('DELETE'))
}

/** The webhook buttons are there when the sandbox delivers webhooks. */
export function showWebhookFaults(delivers) {
  $('webhook-faults').hidden = !delivers
}
