// Rules of the binding's sources (src/, lib/, index.js): no code generated
// at run time, and few `unsafe` blocks, each saying what makes it sound.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function files(dir, ext) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith(ext))
    .map((f) => [join(dir, f), readFileSync(join(root, dir, f), 'utf8')])
}

test('src/ has at most 8 unsafe blocks, each under a SAFETY comment', () => {
  let count = 0
  for (const [file, text] of files('src', '.rs')) {
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      if (!/\bunsafe\s*\{/.test(line) || line.trim().startsWith('//')) return
      count++
      // The comment block right above the statement holding the block.
      let j = i - 1
      while (j >= 0 && lines[j].trim().startsWith('//')) j--
      const comment = lines.slice(j + 1, i).join('\n')
      assert.match(comment, /\/\/ SAFETY: \S/, `${file}:${i + 1} has no SAFETY comment`)
    })
  }
  assert.ok(count > 0 && count <= 8, `${count} unsafe blocks`)
})

test('no JavaScript is compiled at run time', () => {
  for (const [file, text] of files('src', '.rs')) assert.doesNotMatch(text, /run_script|napi_run_script/, file)
  for (const [file, text] of [...files('lib', '.js'), ['index.js', readFileSync(join(root, 'index.js'), 'utf8')]]) {
    assert.doesNotMatch(text, /\beval\(|new Function\b|\bFunction\(|vm\.run/, file)
  }
})
