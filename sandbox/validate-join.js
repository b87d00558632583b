'use strict'

// The body rules of POST /join (docs/rest-api.md, "The join body"), in the order a reader of the docs expects
// them reported. Unknown fields are accepted: Agora's generated models allow additional properties.
// `llm` and `tts` are not required: a `pipeline_id`, a `preset`, `credential_mode: "managed"` or an
// `mllm` with `enable: true` stands in for them, as the official SDKs allow.
const { badBody, invalid } = require('./api-error.js')
const { isObject, expectKind, requireKind, expectShape, expectOneOf } = require('./fields.js')
const { isChannelName, isNumericUid, isAccount } = require('./agora-names.js')
const { joinTokenProblem } = require('./tokens.js')

/** Types of the known `properties` fields. */
const PROPERTY_KINDS = {
  enable_string_uid: 'boolean',
  idle_timeout: 'integer',
  advanced_features: 'object',
  asr: 'object',
  llm: 'object',
  tts: 'object',
  mllm: 'object',
  avatar: 'object',
  turn_detection: 'object',
  interruption: 'object',
  sal: 'object',
  labels: 'map<string,string>',
  rtc: 'object',
  filler_words: 'object',
  parameters: 'object',
  geofence: 'object',
}

/** Types of known fields one level down. */
const NESTED_KINDS = {
  advanced_features: { enable_rtm: 'boolean', enable_sal: 'boolean', enable_tools: 'boolean', enable_mllm: 'boolean', enable_aivad: 'boolean' },
  llm: {
    url: 'string',
    api_key: 'string',
    system_messages: 'object[]',
    params: 'object',
    max_history: 'integer',
    input_modalities: 'string[]',
    output_modalities: 'string[]',
    greeting_message: 'string',
    failure_message: 'string',
    vendor: 'string',
    style: 'string',
    mcp_servers: 'object[]',
    tools: 'object[]',
  },
  asr: { vendor: 'string', language: 'string', params: 'object' },
  tts: { vendor: 'string', params: 'object', skip_patterns: 'integer[]' },
  mllm: { enable: 'boolean', vendor: 'string', url: 'string', api_key: 'string', messages: 'object[]', params: 'object' },
  avatar: { enable: 'boolean', vendor: 'string', params: 'object' },
  rtc: { encryption_mode: 'integer', encryption_key: 'string', encryption_salt: 'string' },
  geofence: { area: 'string', exclude_area: 'string' },
  parameters: { data_channel: 'string', enable_metrics: 'boolean', enable_error_message: 'boolean' },
}

const AREAS = ['GLOBAL', 'NORTH_AMERICA', 'EUROPE', 'ASIA', 'INDIA', 'JAPAN']
const VENDOR_FIELDS = ['asr', 'llm', 'tts']

/**
 * The documented values of the 2025–26 join fields (docs/rest-api.md, "The join body"): geofence
 * areas, rtc encryption modes, the data channel, credential modes, and the RTM the data channel,
 * metrics and error messages travel over.
 */
function checkJoinFields(p) {
  if (p.geofence !== undefined) {
    requireKind(p.geofence.area, 'string', 'properties.geofence.area')
    expectOneOf(p.geofence.area, AREAS, 'properties.geofence.area')
    expectOneOf(p.geofence.exclude_area, AREAS.slice(1), 'properties.geofence.exclude_area')
    if (p.geofence.exclude_area !== undefined && p.geofence.area !== 'GLOBAL') {
      throw invalid('properties.geofence.exclude_area is only allowed with area GLOBAL')
    }
  }
  if (p.rtc?.encryption_mode !== undefined) {
    const mode = p.rtc.encryption_mode
    if (mode < 1 || mode > 8) throw invalid('properties.rtc.encryption_mode must be 1 to 8')
    if (mode >= 7 && p.rtc.encryption_salt === undefined) throw invalid('properties.rtc.encryption_mode 7 and 8 need encryption_salt')
  }
  for (const field of VENDOR_FIELDS) {
    expectOneOf(p[field]?.credential_mode, ['managed', 'byok'], `properties.${field}.credential_mode`)
  }
  const parameters = p.parameters ?? {}
  expectOneOf(parameters.data_channel, ['rtm', 'datastream'], 'properties.parameters.data_channel')
  const overRtm = parameters.data_channel === 'rtm' || parameters.enable_metrics === true || parameters.enable_error_message === true
  if (overRtm && p.advanced_features?.enable_rtm !== true) {
    throw invalid('properties.parameters data_channel "rtm", enable_metrics and enable_error_message need advanced_features.enable_rtm')
  }
}

/** Whether the agent runs a realtime model (speak is then refused). */
const usesMllm = (p) => p.mllm?.enable === true || p.advanced_features?.enable_mllm === true

/**
 * Validates a join body against the served app.
 *
 * @param {unknown} body parsed JSON
 * @param {{ appId: string, appCertificate: string }} app
 * @returns {{ name: string, channel: string, agentUid: string, properties: object }}
 * @throws {ApiError} 400 InvalidRequestBody / MissingRequiredField / InvalidFieldValue
 */
function validateJoin(body, app) {
  if (!isObject(body)) throw badBody('the request body must be a JSON object')
  requireKind(body.name, 'string', 'name')
  if (body.name.length === 0) throw invalid('name must not be empty')
  expectKind(body.preset, 'string', 'preset')
  expectKind(body.pipeline_id, 'string', 'pipeline_id')
  requireKind(body.properties, 'object', 'properties')
  const p = body.properties

  requireKind(p.channel, 'string', 'properties.channel')
  if (!isChannelName(p.channel)) {
    throw invalid('properties.channel must be 1 to 63 bytes of letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,')
  }
  requireKind(p.token, 'string', 'properties.token')
  requireKind(p.agent_rtc_uid, 'string', 'properties.agent_rtc_uid')
  requireKind(p.remote_rtc_uids, 'string[]', 'properties.remote_rtc_uids')
  if (p.remote_rtc_uids.length === 0) throw invalid('properties.remote_rtc_uids must not be empty')
  expectShape(p, PROPERTY_KINDS, 'properties')
  for (const field in NESTED_KINDS) {
    if (p[field] !== undefined) expectShape(p[field], NESTED_KINDS[field], `properties.${field}`)
  }
  if (p.idle_timeout !== undefined && p.idle_timeout < 0) throw invalid('properties.idle_timeout must be 0 or more')
  checkUids(p)
  checkJoinFields(p)
  if (usesMllm(p) && p.avatar?.enable === true) throw invalid('properties.avatar is not supported together with mllm')

  const problem = joinTokenProblem(p.token, {
    appId: app.appId,
    appCertificate: app.appCertificate,
    channel: p.channel,
    agentUid: p.agent_rtc_uid,
    needRtm: p.advanced_features?.enable_rtm === true,
  })
  if (problem) throw invalid(problem)
  return { name: body.name, channel: p.channel, agentUid: p.agent_rtc_uid, properties: p }
}

/** enable_string_uid false (default): all uids numeric; true: all uids valid accounts. "*" = everyone. */
function checkUids(p) {
  const stringUids = p.enable_string_uid === true
  const fits = stringUids ? isAccount : isNumericUid
  const expected = stringUids
    ? "a user account (1 to 255 bytes of Agora's characters)"
    : 'a numeric uid 0..4294967295 written as a string (set enable_string_uid: true for string accounts)'
  if (!fits(p.agent_rtc_uid)) throw invalid(`properties.agent_rtc_uid must be ${expected}`)
  p.remote_rtc_uids.forEach((uid, i) => {
    if (uid !== '*' && !fits(uid)) throw invalid(`properties.remote_rtc_uids[${i}] must be "*" or ${expected}`)
  })
}

module.exports = { validateJoin, usesMllm }
