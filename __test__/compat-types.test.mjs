// The compat modules' TypeScript types compile under strict + isolatedModules, for
// ESM and CommonJS consumers resolving through package.json "exports".

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

const CONSUMER = `
import { RtcTokenBuilder, RtcRole, Rtm2Permissions, RtmTokenBuilder, ChatTokenBuilder, FpaTokenBuilder,
  ApaasTokenBuilder, EducationTokenBuilder, ConvoAITokenBuilder, SttTokenBuilder, withFixedClock } from 'agora-convoai-native/compat'
import * as legacy from 'agora-convoai-native/compat/access-token'
const id = '970CA35de60c44645bbae8a215061b33'
const p = new Rtm2Permissions()
p.add(Rtm2Permissions.kUsers, Rtm2Permissions.kRead, ['x'])
const tokens: string[] = [
  RtcTokenBuilder.buildTokenWithUid(id, id, 'c', 1, RtcRole.PUBLISHER, 600),
  RtcTokenBuilder.buildTokenWithUserAccount(id, id, 'c', 'a', RtcRole.SUBSCRIBER, 600, 600),
  RtcTokenBuilder.buildTokenWithUidAndPrivilege(id, id, 'c', 1, 600, 1, 2, 3, 4),
  RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(id, id, 'c', 'a', 600, 1, 2, 3, 4),
  RtcTokenBuilder.buildTokenWithRtm(id, id, 'c', 'a', RtcRole.PUBLISHER, 600),
  RtcTokenBuilder.buildTokenWithRtm2(id, id, 'c', 'a', RtcRole.PUBLISHER, 600, 1, 2, 3, 4, 'u', 600),
  RtmTokenBuilder.buildToken(id, id, 'u', 600),
  RtmTokenBuilder.buildTokenWithPermissions(id, id, 'u', p, 600),
  ChatTokenBuilder.buildUserToken(id, id, 'u', 600),
  ChatTokenBuilder.buildAppToken(id, id, 600),
  FpaTokenBuilder.buildToken(id, id),
  ApaasTokenBuilder.buildRoomUserToken(id, id, 'r', 'u', 1, 600),
  EducationTokenBuilder.buildUserToken(id, id, 'u', 600),
  ConvoAITokenBuilder.buildToken(id, id, 'c', 'a', RtcRole.PUBLISHER, 600, 1, 2, 3, 4, 'u', 600),
  SttTokenBuilder.buildToken(id, id, 'c', 1, RtcRole.SUBSCRIBER, 600, 1, 2, 3, 4, 'u', 600),
  withFixedClock({ issueTs: 1, salt: 2 }, () => FpaTokenBuilder.buildToken(id, id)),
  legacy.RtcTokenBuilder.buildTokenWithUid(id, id, 'c', 1, legacy.RtcRole.ADMIN, 0),
  legacy.RtcTokenBuilder.buildTokenWithAccount(id, id, 'c', 'a', legacy.RtcRole.ATTENDEE, 0),
  legacy.RtmTokenBuilder.buildToken(id, id, 'a', legacy.RtmRole.Rtm_User, 0),
  legacy.withFixedClock({ salt: 1 }, () => legacy.RtmTokenBuilder.buildToken(id, id, 'a', 1, 0)),
]
// @ts-expect-error: roles are 1 | 2
RtcTokenBuilder.buildTokenWithUid(id, id, 'c', 1, 3, 600)
export { tokens }
`

test('compat .d.ts: strict + isolatedModules, ESM (.mts) and CommonJS (.cts) consumers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compat-types-'))
  try {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(root, join(dir, 'node_modules', 'agora-convoai-native'), 'dir')
    writeFileSync(join(dir, 'esm.mts'), CONSUMER)
    writeFileSync(join(dir, 'cjs.cts'), CONSUMER)
    const compilerOptions = { strict: true, isolatedModules: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: [] }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['esm.mts', 'cjs.cts'] }))
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    } catch (e) {
      assert.fail(e.stdout || e.message)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
