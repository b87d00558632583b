// The demo page's logic: get a token, start an agent, follow its status until it stops.
// It calls only this page's own server (examples/express/app.mjs), never Agora directly:
// credentials stay on the server.

const $ = (id) => document.getElementById(id)
const TERMINAL = new Set(['STOPPED', 'FAILED'])
const POLL_MS = 500

let agentId = null
let polling = null

function showError(message) {
  $('error').textContent = message
  $('error').hidden = !message
}

/** JSON from this server, or an Error carrying the server's message and code. */
async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  if (response.status === 204) return null
  const data = await response.json()
  if (!response.ok) throw new Error(`${data.error ?? response.statusText}${data.code ? ` (${data.code})` : ''}`)
  return data
}

function identity() {
  return { channel: $('channel').value.trim(), uid: $('uid').value.trim() }
}

function setStatus(status) {
  $('agent-status').textContent = status
  $('stop-agent').disabled = !agentId || TERMINAL.has(status) || status === 'STOPPING'
  $('start-agent').disabled = Boolean(agentId) && !TERMINAL.has(status)
}

function follow() {
  clearTimeout(polling)
  const id = agentId
  const tick = async () => {
    try {
      const info = await call('GET', `/agents/${encodeURIComponent(id)}`)
      if (id !== agentId) return
      setStatus(info.status)
      if (!TERMINAL.has(info.status)) polling = setTimeout(tick, POLL_MS)
    } catch (err) {
      showError(err.message)
    }
  }
  polling = setTimeout(tick, POLL_MS)
}

async function getToken() {
  showError('')
  const { channel, uid } = identity()
  try {
    const query = new URLSearchParams({ channel, uid })
    const data = await call('GET', `/token?${query}`)
    $('token-summary').textContent = `RTC + RTM token for uid ${JSON.stringify(data.uid)} in "${data.channel}", valid ${data.expiresIn} s:`
    $('token').textContent = data.token
  } catch (err) {
    showError(err.message)
  }
}

async function startAgent() {
  showError('')
  const { channel, uid } = identity()
  try {
    const started = await call('POST', '/agents', { channel, remoteUid: uid })
    agentId = started.agentId
    $('agent-id').textContent = agentId
    setStatus(started.status)
    follow()
  } catch (err) {
    showError(err.message)
  }
}

async function stopAgent() {
  showError('')
  try {
    await call('DELETE', `/agents/${encodeURIComponent(agentId)}`)
    setStatus('STOPPING')
    follow()
  } catch (err) {
    showError(err.message)
  }
}

async function showConsoleLink() {
  const { consoleUrl } = await call('GET', '/demo-config')
  if (!consoleUrl) return
  const link = document.createElement('a')
  link.href = consoleUrl
  link.textContent = 'Open the sandbox console'
  $('console-link').replaceChildren(link)
}

$('get-token').addEventListener('click', getToken)
$('start-agent').addEventListener('click', startAgent)
$('stop-agent').addEventListener('click', stopAgent)
$('session').addEventListener('submit', (event) => event.preventDefault())
showConsoleLink().catch((err) => showError(err.message))
