// Fault buttons: each scripts `sandbox.failNext(count, fault)` for the next API requests
// (docs/sandbox.md, "Test helpers"), and the list shows what is still pending.
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

/** "503, Retry-After 2 s" */
function describe(fault) {
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
  const items = faults.pending.map((p) => h('li', {}, `${describe(p.fault)} — next ${p.remaining} request${p.remaining === 1 ? '' : 's'}`))
  const hidden = faults.total - faults.pending.reduce((sum, p) => sum + p.remaining, 0)
  if (hidden > 0) items.push(h('li', {}, `… and ${hidden} more`))
  $('fault-pending').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'None: requests are answered normally.')]))
  $('fault-clear').disabled = faults.total === 0
}

export function setUpFaults() {
  const buttons = PRESETS.map(({ label, fault }) =>
    h('button', { type: 'button', onclick: () => script('POST', { count: Number($('fault-count').value) || 1, fault }) }, label))
  $('fault-buttons').replaceChildren(...buttons)
  $('fault-clear').addEventListener('click', () => script('DELETE'))
}
