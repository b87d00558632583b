// The JavaScript generated from the addon's declarations (scripts/generate-binding-js.mjs)
// is committed: it must be what the built addon renders now.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { render } from '../scripts/generate-binding-js.mjs'

const native = createRequire(import.meta.url)('../binding.js')

test('lib/generated/ is what the built addon declares (run `npm run build` and commit)', () => {
  const files = render(native)
  assert.ok(files.length >= 2)
  for (const [file, text] of files) assert.equal(readFileSync(file, 'utf8'), text, file.pathname)
})
