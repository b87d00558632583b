// worker_threads in a fresh project: 4 workers load the addon at once, build
// tokens and call the sandbox; one is terminated mid-request; the process
// stays healthy (main thread and a new worker keep working, clean exit 0).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { createProject } from './lib/project.mjs'

let project
before(() => {
  project = createProject('workers')
})
after(() => project?.cleanup())

test('4 workers + one terminated mid-request leave a healthy process', async () => {
  const r = await project.run(process.execPath, ['main.mjs'], { timeout: 120_000 })
  assert.equal(r.code, 0, `exit ${r.code} ${r.signal ?? ''}\n${r.stderr}`)
  const out = JSON.parse(r.stdout.trim().split('\n').pop())
  assert.equal(out.results.length, 4)
  for (const w of out.results) {
    assert.equal(w.tokens, 500)
    assert.equal(w.agents.length, 3)
  }
  assert.equal(out.reachedSandbox, true, 'the victim request was in flight when the worker was terminated')
  assert.equal(out.victimExitCode, 1, 'terminate() ends a worker with exit code 1')
  assert.equal(out.mainToken, '007')
  assert.ok(out.mainAgent)
  assert.equal(out.fresh.tokens, 500)
})
