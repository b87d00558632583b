// Webhook delivery attempts, newest first: each notification's attempts share its notice id, so
// a retried delivery reads as attempt 1 failed, attempt 2 delivered.
import { $, clock, showEmpty, syncRows } from './dom.js'

/** Agora's ConvoAI event types (docs/webhooks.md). */
const EVENTS = {
  101: 'agent joined',
  102: 'agent left',
  103: 'history',
  104: 'token expiring',
  110: 'agent error',
  111: 'metrics',
  112: 'turns',
  201: 'inbound call',
  202: 'outbound call',
}

const OUTCOME_CLASS = { delivered: 'status-running', pending: 'status-starting', failed: 'status-failed', dropped: 'status-failed' }

export function renderDeliveries(state) {
  const attempts = [...state.attempts.values()].reverse()
  syncRows(
    $('attempt-rows'),
    attempts,
    (a) => `${a.noticeId}#${a.attempt}`,
    (a) => [
      clock(a.notifyMs),
      `${a.eventType}${EVENTS[a.eventType] ? ` ${EVENTS[a.eventType]}` : ''}`,
      { text: a.noticeId, class: 'id' },
      a.attempt,
      { text: a.outcome, class: `status ${OUTCOME_CLASS[a.outcome] ?? ''}` },
      a.status ?? '—',
      a.outcome === 'pending' ? '' : `${a.durationMs} ms`,
      { text: [a.error, a.retryInMs !== undefined && `retry in ${a.retryInMs} ms`].filter(Boolean).join(' · '), class: 'wrap' },
    ],
  )
  showEmpty($('attempts-empty'), attempts.length)
}
