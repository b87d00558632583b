// The sandbox console's entry: follows the sandbox live and hands each change to its panel.

import { renderDeliveries } from './deliveries.js'
import { $ } from './dom.js'
import { renderFaults, setUpFaults, showWebhookFaults } from './faults.js'
import { setUpInspector } from './inspector.js'
import { follow } from './live.js'
import { renderRequests, setUpRequestDetail } from './requests.js'
import { renderAgents, renderCalls } from './resources.js'

const STATUS_TEXT = {
  live: 'Live',
  reconnecting: 'Connection lost: reconnecting…',
  closed: 'Disconnected (too many console pages open, or the sandbox stopped): reload to try again.',
}

const PANELS = {
  info: showInfo,
  agents: renderAgents,
  calls: renderCalls,
  requests: renderRequests,
  attempts: renderDeliveries,
  faults: (state) => renderFaults({ faults: state.faults }),
}

function showInfo(state) {
  $('base-url').textContent = location.origin
  $('app-id').textContent = state.info.appId
  $('customer-id').textContent = state.info.customerId
  const receiver = state.info.webhookReceiver
  $('webhook-receiver').hidden = !receiver
  $('webhook-receiver').textContent = receiver ? `Signed notifications go to ${receiver}.` : ''
  showWebhookFaults(Boolean(receiver))
}

function showStatus(status) {
  const line = $('connection')
  line.textContent = STATUS_TEXT[status]
  line.dataset.state = status
}

let latest = null
follow((state, touched) => {
  latest = state
  for (const kind of touched) PANELS[kind](state)
}, showStatus)

// Ages count up between updates.
setInterval(() => {
  if (!latest) return
  renderAgents(latest)
  renderCalls(latest)
}, 1000)

setUpInspector()
setUpFaults()
setUpRequestDetail()
