'use strict'
// `agora-convoai token rtc|rtc-rtm`: prints a fresh AccessToken2.
const { buildRtcToken, buildRtcRtmToken, parseToken } = require('../../index.js')
const { EXIT, UsageError, parse, integerFlag, uidFrom, out, printJson } = require('./cli')
const { sharedOptions, sharedHelp, sharedValue } = require('./flags')

const CREDENTIALS = ['app-id', 'app-certificate']

const HELP = `Usage: agora-convoai token rtc     --channel NAME (--uid N | --account NAME) [options]
       agora-convoai token rtc-rtm --channel NAME (--uid N | --account NAME) [options]

Prints an AccessToken2 (007). rtc: RTC only. rtc-rtm: RTC + RTM login (+ ConvoAI with
--convoai), the token an agent or a Signaling client needs.

${sharedHelp(CREDENTIALS)}
                           (prefer the variables: command lines are visible to other users)
  -c, --channel NAME       channel name
  -u, --uid N              numeric uid, 0 = any user
  --account NAME           string user account instead of a numeric uid
  --role ROLE              publisher (default) or subscriber
  --expire SECONDS         token lifetime in seconds from now (1..86400, default 3600)
  --privilege-expire SEC   RTC privilege lifetime (default: --expire)
  --issue-ts UNIX          issue time (default now), for reproducible tokens
  --salt N                 1..99999999 (default random)
  --rtm-user-id ID         rtc-rtm: RTM user id (default: the uid or account)
  --rtm-expire SECONDS     rtc-rtm: RTM login lifetime (default: --expire)
  --convoai                rtc-rtm: also add the ConvoAI service
  --json                   print {"token", "parsed"} instead of the bare token

Exit codes: 0 ok, 2 usage or invalid arguments.`

const OPTIONS = {
  ...sharedOptions(CREDENTIALS),
  channel: { type: 'string', short: 'c' },
  uid: { type: 'string', short: 'u' },
  account: { type: 'string' },
  role: { type: 'string' },
  expire: { type: 'string' },
  'privilege-expire': { type: 'string' },
  'issue-ts': { type: 'string' },
  salt: { type: 'string' },
  'rtm-user-id': { type: 'string' },
  'rtm-expire': { type: 'string' },
  convoai: { type: 'boolean' },
  json: { type: 'boolean' },
}

const RTM_ONLY = ['rtm-user-id', 'rtm-expire', 'convoai']

function run(argv) {
  const { values, positionals } = parse(argv, OPTIONS, { positionals: true })
  if (values.help) {
    out(HELP)
    return EXIT.OK
  }
  const [kind, ...rest] = positionals
  if (kind !== 'rtc' && kind !== 'rtc-rtm') throw new UsageError(`token needs a kind: rtc or rtc-rtm${kind ? `, not ${JSON.stringify(kind)}` : ''}`)
  if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`)
  if (kind === 'rtc') {
    const stray = RTM_ONLY.find((f) => values[f] !== undefined)
    if (stray) throw new UsageError(`--${stray} is for token rtc-rtm`)
  }
  if (values.role !== undefined && values.role !== 'publisher' && values.role !== 'subscriber') {
    throw new UsageError('--role must be publisher or subscriber')
  }
  if (values.channel === undefined) throw new UsageError('missing --channel')
  const options = {
    appId: sharedValue(values, 'app-id', { required: true }),
    appCertificate: sharedValue(values, 'app-certificate', { required: true }),
    channelName: values.channel,
    uid: uidFrom(values),
    role: values.role,
    tokenExpire: integerFlag(values, 'expire'),
    privilegeExpire: integerFlag(values, 'privilege-expire'),
    issueTs: integerFlag(values, 'issue-ts'),
    salt: integerFlag(values, 'salt'),
  }
  if (kind === 'rtc-rtm') {
    Object.assign(options, {
      rtmUserId: values['rtm-user-id'],
      rtmTokenExpire: integerFlag(values, 'rtm-expire'),
      convoai: values.convoai === true,
    })
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]
  const token = kind === 'rtc' ? buildRtcToken(options) : buildRtcRtmToken(options)
  if (values.json) printJson({ token, parsed: parseToken(token) })
  else out(token)
  return EXIT.OK
}

module.exports = { name: 'token', summary: 'token rtc|rtc-rtm   print a fresh AccessToken2', HELP, run }
