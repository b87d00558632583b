// The request log, newest first: what was asked and what was answered. A row's Details button
// fetches the request's (redacted) headers and body into the panel below the table.
import { $, clock, h, showEmpty, syncRows } from './dom.js'
import { read } from './live.js'

const AUTH = { basic: 'Basic', token: 'token', other: 'other', none: '—' }

function statusCell(r) {
  if (r.status === null) return { text: 'no answer', class: 'status status-failed' }
  return { text: r.status, class: `status ${r.status < 400 ? 'status-running' : 'status-failed'}` }
}

async function showDetail(seq) {
  const panel = $('request-detail')
  const text = $('request-detail-text')
  panel.hidden = false
  $('request-detail-heading').textContent = `Request #${seq}`
  try {
    const entry = await read(`requests/${seq}`)
    text.textContent = JSON.stringify({ method: entry.method, path: entry.path, headers: entry.headers, body: entry.body }, null, 2)
  } catch (error) {
    text.textContent = `${error.message} (the log keeps the most recent requests only)`
  }
  $('request-detail-heading').focus()
}

/** A path with the served project's prefix shortened to "…" (the full path is its title). */
function pathCell(path, appId) {
  const prefix = `/api/conversational-ai-agent/v2/projects/${appId}`
  const short = path.startsWith(`${prefix}/`) ? `…${path.slice(prefix.length)}` : path
  return { text: short, class: 'path', title: path }
}

/** The Close button hides the details and puts focus back in the log. */
export function setUpRequestDetail() {
  $('request-detail-close').addEventListener('click', () => {
    $('request-detail').hidden = true
    $('requests-heading').focus()
  })
}

export function renderRequests(state) {
  const rows = [...state.requests].reverse()
  const appId = state.info?.appId
  syncRows(
    $('request-rows'),
    rows,
    (r) => String(r.seq),
    (r) => [
      clock(r.at),
      r.method,
      pathCell(r.path, appId),
      statusCell(r),
      r.latencyMs === null ? '' : `${r.latencyMs} ms`,
      AUTH[r.auth] ?? r.auth,
      { text: [r.reason, r.fault].filter(Boolean).join(' · '), class: 'wrap' },
      {
        make: (td) =>
          td.append(h('button', { type: 'button', class: 'link', 'aria-label': `Details of request ${r.seq}`, onclick: () => showDetail(r.seq) }, 'Details')),
      },
    ],
  )
  showEmpty($('requests-empty'), rows.length)
}
