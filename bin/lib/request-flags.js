'use strict'
// Flags shared by `agent start` and `call start` (the agent's own fields) and by `agent list` and
// `call list` (the cursor-paged listing), spelled and read once.
const { integerFlag, jsonFlag, defined } = require('./cli')

/** The agent fields of a start request, besides channel and uids. */
const AGENT_FLAGS = {
  channel: { type: 'string', short: 'c' },
  'agent-uid': { type: 'string' },
  name: { type: 'string' },
  token: { type: 'string' },
  'token-expire': { type: 'string' },
  llm: { type: 'string' },
  asr: { type: 'string' },
  tts: { type: 'string' },
  properties: { type: 'string' },
  labels: { type: 'string' },
}

/** `{ name, token, tokenExpire, llm, asr, tts, properties, labels }` from AGENT_FLAGS (absent ones left out). */
const agentFields = (values) =>
  defined({
    name: values.name,
    token: values.token,
    tokenExpire: integerFlag(values, 'token-expire'),
    llm: jsonFlag(values, 'llm'),
    asr: jsonFlag(values, 'asr'),
    tts: jsonFlag(values, 'tts'),
    properties: jsonFlag(values, 'properties'),
    labels: jsonFlag(values, 'labels'),
  })

/** A cursor-paged listing's flags, and --json. */
const PAGE_FLAGS = {
  limit: { type: 'string' },
  cursor: { type: 'string' },
  'from-time': { type: 'string' },
  'to-time': { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
}

/** `{ limit, cursor, fromTime, toTime }` from PAGE_FLAGS. */
const pageQuery = (values) =>
  defined({ limit: integerFlag(values, 'limit'), cursor: values.cursor, fromTime: integerFlag(values, 'from-time'), toTime: integerFlag(values, 'to-time') })

/**
 * One page (`list(query)`), or every page through `listAll(query)` with `--all`: `{ [key]: entries,
 * total, cursor? }`.
 */
async function listing(values, query, key, list, listAll) {
  if (!values.all) return list(query)
  const entries = []
  for await (const entry of listAll(query)) entries.push(entry)
  return { [key]: entries, total: entries.length }
}

module.exports = { AGENT_FLAGS, agentFields, PAGE_FLAGS, pageQuery, listing }
