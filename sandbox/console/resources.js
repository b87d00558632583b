// The agents, calls and phone numbers the sandbox holds, newest first. Ages count up every
// second on the page; a stopped agent or ended call shows how long it lasted.
import { $, duration, nowSeconds, showEmpty, syncRows } from './dom.js'

const ENDED_AGENT = new Set(['STOPPED', 'FAILED'])

/** Seconds from `createTs` to `stopTs` once over, else to now. */
const ageOf = (createTs, stopTs, over) => duration((over && stopTs ? stopTs : nowSeconds()) - createTs)

const countText = (shown, total) => (total > shown ? `(${shown} of ${total} kept)` : `(${total})`)

function remoteUids(agent) {
  const more = agent.remoteUidCount - agent.remoteUids.length
  return agent.remoteUids.join(', ') + (more > 0 ? ` +${more}` : '')
}

export function renderAgents(state) {
  const agents = [...state.agents.values()].reverse()
  syncRows(
    $('agent-rows'),
    agents,
    (a) => a.agentId,
    (a) => [
      a.name,
      a.channel,
      a.agentUid,
      remoteUids(a),
      { text: a.status, class: `status status-${a.status.toLowerCase()}`, title: a.message || undefined },
      ageOf(a.createTs, a.stopTs, ENDED_AGENT.has(a.status)),
      { text: a.agentId, class: 'id' },
    ],
  )
  $('agent-count').textContent = agents.length ? countText(agents.length, state.agentCount) : ''
  showEmpty($('agents-empty'), agents.length)
}

export function renderCalls(state) {
  const calls = [...state.calls.values()].reverse()
  syncRows(
    $('call-rows'),
    calls,
    (c) => c.agentId,
    (c) => [
      c.type,
      c.fromNumber,
      c.toNumber,
      c.channel,
      { text: c.state, class: `status status-${c.state.toLowerCase()}` },
      c.reason ?? '',
      ageOf(c.createTs, c.stopTs, c.state === 'HANGUP'),
      { text: c.agentId, class: 'id' },
    ],
  )
  $('call-count').textContent = calls.length ? countText(calls.length, state.callCount) : ''
  showEmpty($('calls-empty'), calls.length)

  const yesNo = (b) => (b ? 'yes' : 'no')
  syncRows(
    $('number-rows'),
    state.numbers,
    (n) => n.phoneNumber,
    (n) => [
      n.phoneNumber,
      n.provider,
      n.label,
      yesNo(n.inbound),
      yesNo(n.outbound),
      [n.inboundPipeline && `in: ${n.inboundPipeline}`, n.outboundPipeline && `out: ${n.outboundPipeline}`].filter(Boolean).join(', '),
    ],
  )
  $('number-count').textContent = state.numbers.length ? countText(state.numbers.length, state.numberCount) : ''
  showEmpty($('numbers-empty'), state.numbers.length)
}
