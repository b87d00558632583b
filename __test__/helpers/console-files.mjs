// The files the sandbox console's page loads, fetched the way a browser finds them: the page's
// links and scripts, then each module's imports. Shared by the HTTP test and the tarball's
// consumer test (that the package ships every one of them).

/**
 * @param {string} origin the sandbox's URL
 * @returns {Promise<{ html: string, files: Map<string, { status: number, type: string | null, text: string }> }>}
 *   `files` by path (`/_console/assets/…`)
 */
export async function consoleFiles(origin) {
  const html = await (await fetch(`${origin}/`)).text()
  const queue = [...html.matchAll(/(?:href|src)="(\/_console\/[^"]+)"/g)].map((m) => m[1])
  const files = new Map()
  while (queue.length) {
    const path = queue.shift()
    if (files.has(path)) continue
    const res = await fetch(origin + path)
    const text = await res.text()
    files.set(path, { status: res.status, type: res.headers.get('content-type'), text })
    if (path.endsWith('.js')) for (const [, file] of text.matchAll(/from '\.\/([\w-]+\.js)'/g)) queue.push(`/_console/assets/${file}`)
  }
  return { html, files }
}
