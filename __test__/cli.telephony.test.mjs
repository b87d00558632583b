// `agora-convoai call|numbers` and `agent renew`, run for real against the sandbox: exit codes,
// --json output, usage errors before any request.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { startSandbox } from './helpers/agents.mjs'

const BIN = fileURLToPath(new URL('../bin/agora-convoai.js', import.meta.url))
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AGORA_')))

function cli(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: CLEAN_ENV }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }))
  })
}

const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5 })
test.after(() => sb.close())
const base = ['--base-url', sb.url, '--app-id', sb.appId, '--app-certificate', sb.appCertificate]

for (const command of ['call', 'numbers']) {
  test(`${command} --help: exit 0, its usage; listed in the top-level help`, async () => {
    const r = await cli([command, '--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, new RegExp(`Usage: agora-convoai ${command}`))
    assert.match((await cli(['--help'])).stdout, new RegExp(`\\n  ${command} `))
  })
}

test('numbers import|update|get|list|delete against the sandbox', async () => {
  const imported = await cli([
    'numbers',
    'import',
    '+14155550100',
    '--provider',
    'byo',
    '--label',
    'Support',
    '--allowed-address',
    '10.0.0.0/8',
    '--sip-address',
    'sip.example.com',
    '--transport',
    'tls',
    '--inbound',
    'true',
    ...base,
  ])
  assert.equal(imported.code, 0, imported.stderr)
  assert.match(imported.stdout, /^Imported \+14155550100 +byo +Support/)
  const bound = await cli(['numbers', 'update', '+14155550100', '--inbound-pipeline', 'pipe-in', '--json', ...base])
  assert.equal(bound.code, 0, bound.stderr)
  assert.deepEqual(JSON.parse(bound.stdout).associatedPipeline, { pipelineId: 'pipe-in', pipelineName: 'pipe-in' })
  const got = await cli(['numbers', 'get', '+14155550100', '--json', ...base])
  assert.deepEqual(JSON.parse(got.stdout).inboundConfig, { allowedAddresses: ['10.0.0.0/8'], pipelineId: 'pipe-in' })
  const cleared = await cli(['numbers', 'update', '+14155550100', '--clear-inbound', '--json', ...base])
  assert.equal(JSON.parse(cleared.stdout).inboundConfig, null)
  const listed = await cli(['numbers', 'list', ...base])
  assert.match(listed.stdout, /\+14155550100 +byo +Support\n1 number\(s\)/)
  assert.equal((await cli(['numbers', 'delete', '+14155550100', ...base])).code, 0)
  const gone = await cli(['numbers', 'get', '+14155550100', ...base])
  assert.equal(gone.code, 1)
  assert.match(gone.stderr, /ERR_AGORA_API: .*404 not_found/)
})

test('call start|get|list|hangup and agent renew against the sandbox', async () => {
  const started = await cli([
    'call',
    'start',
    '--to',
    '+14155550123',
    '--from',
    '+14155550100',
    '-c',
    'cli-call',
    '--agent-uid',
    '111',
    '--sip-uid',
    '100',
    '--labels',
    '{"team":"support"}',
    '--json',
    ...base,
  ])
  assert.equal(started.code, 0, started.stderr)
  const { agentId } = JSON.parse(started.stdout)
  const got = await cli(['call', 'get', agentId, ...base])
  assert.match(got.stdout, new RegExp(`^${agentId} +outbound +answered +\\+14155550100 -> \\+14155550123`))
  const listed = await cli(['call', 'list', '--all', '--number', '+14155550123', '--json', ...base])
  assert.deepEqual(
    JSON.parse(listed.stdout).calls.map((c) => c.agentId),
    [agentId],
  )
  const renewed = await cli(['agent', 'renew', agentId, '-c', 'cli-call', '--agent-uid', '111', '--token-expire', '600', '--json', ...base])
  assert.equal(renewed.code, 0, renewed.stderr)
  assert.equal(JSON.parse(renewed.stdout).status, 'RUNNING')
  const hung = await cli(['call', 'hangup', agentId, ...base])
  assert.match(hung.stdout, /hung up/)
  const over = await cli(['call', 'get', agentId, '--json', ...base])
  assert.equal(JSON.parse(over.stdout).reason, 'request')
  assert.ok(!started.stdout.includes(sb.appCertificate) && !renewed.stdout.includes('007'), 'no secret or token printed')
})

test('usage errors exit 2 before any request: missing flags, numbers not in E.164, unknown actions', async () => {
  const before = sb.requests.length
  const cases = [
    [['call'], /call needs an action: start, get, hangup or list/],
    [['call', 'dial', ...base], /not "dial"/],
    [['call', 'start', '--to', '+14155550123', ...base], /missing --from/],
    [
      ['call', 'start', '--to', '4155550123', '--from', '+14155550100', '-c', 'c', '--agent-uid', '1', '--sip-uid', '2', ...base],
      /toNumber must be an E\.164 phone number/,
    ],
    [['call', 'get', ...base], /call get takes exactly one AGENT_ID/],
    [['numbers', 'import', '+14155550100', '--label', 'x', ...base], /missing --provider/],
    [['numbers', 'import', '+14155550100', '--provider', 'byo', '--label', 'x', '--inbound', 'yes', ...base], /--inbound must be true or false/],
    [['numbers', 'update', '+14155550100', ...base], /needs --inbound-pipeline/],
    [['numbers', 'update', '+14155550100', '--inbound-pipeline', 'p', '--clear-inbound', ...base], /not both/],
    [['numbers', 'get', '555', ...base], /phoneNumber must be an E\.164 phone number/],
    [['agent', 'renew', 'ID', '--agent-uid', '1', ...base], /missing --channel/],
  ]
  for (const [args, message] of cases) {
    const r = await cli(args)
    assert.equal(r.code, 2, args.join(' '))
    assert.match(r.stderr, message)
  }
  assert.equal(sb.requests.length, before)
})
