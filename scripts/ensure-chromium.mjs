// Makes sure the browser the web-page tests drive is here: Debian's Chromium at
// /usr/bin/chromium (or CHROMIUM_PATH). Browser downloads do not work on our machines, so on a
// Debian machine where we may use apt (root, or password-less sudo) it installs the
// distribution's package; anywhere else it stops with the command to run.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
const root = process.getuid?.() === 0
const sudo = !root && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
if (!has('apt-get') || !(root || sudo)) {
  console.error(`The browser tests need Chromium at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`)
  process.exit(1)
}
console.log("Installing Debian's chromium for the browser tests (apt-get install -y chromium)…")
const run = (args) =>
  execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
run(['apt-get', 'update', '-qq'])
run(['apt-get', 'install', '-y', '-qq', 'chromium'])
if (!existsSync(path)) {
  console.error(`Installed Debian's chromium, but there is still no browser at ${path} (CHROMIUM_PATH?).`)
  process.exit(1)
}
