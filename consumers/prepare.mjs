// Step 1 of `npm run test:consumers`: pack the package exactly as it would be
// published (`npm pack`) plus this machine's platform package (npm/<platform>
// with the locally built .node), so every consumer test installs tarballs and
// never the repo folder.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { npm } from './lib/npm.mjs'
import { hostPlatform, MANIFEST, PACKS, ROOT, rootPkg } from './lib/paths.mjs'

const platform = hostPlatform()
const binary = `${rootPkg.napi.binaryName}.${platform}.node`
if (!existsSync(join(ROOT, binary))) {
  console.error(`No ${binary} in the repo root: run \`npm run build\` first (CI: download the bindings artifact).`)
  process.exit(1)
}

rmSync(PACKS, { recursive: true, force: true })
mkdirSync(PACKS, { recursive: true })

const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', PACKS], ROOT))
const shipped = new Set(packed.files.map((f) => f.path))
// Everything package.json points at must be in the tarball.
const referenced = [
  rootPkg.main,
  rootPkg.types,
  ...Object.values(rootPkg.bin ?? {}),
  ...Object.values(rootPkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e))),
]
const missing = referenced.map((p) => p.replace(/^\.\//, '')).filter((p) => !shipped.has(p))
const nodeFiles = [...shipped].filter((p) => p.endsWith('.node'))
if (missing.length || nodeFiles.length) {
  console.error(`tarball is wrong: missing ${JSON.stringify(missing)}, binaries ${JSON.stringify(nodeFiles)} (binaries belong in platform packages)`)
  process.exit(1)
}

const staging = join(PACKS, `staging-${platform}`)
mkdirSync(staging)
for (const f of ['package.json', 'README.md']) copyFileSync(join(ROOT, 'npm', platform, f), join(staging, f))
copyFileSync(join(ROOT, binary), join(staging, binary))
const [platformPacked] = JSON.parse(npm(['pack', '--json', '--pack-destination', PACKS], staging))

const manifest = {
  version: rootPkg.version,
  root: { name: rootPkg.name, tarball: join(PACKS, packed.filename), files: packed.files.length, size: packed.size },
  platform: { name: platformPacked.name, tarball: join(PACKS, platformPacked.filename), size: platformPacked.size },
}
writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`)
console.log(`packed ${packed.filename} (${packed.files.length} files, ${packed.size} B) and ${platformPacked.filename} (${platformPacked.size} B)`)
