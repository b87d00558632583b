// Small DOM helpers of the console: building elements, keeping a table's rows in step with live
// data without rebuilding them (so keyboard focus and text selection survive updates), and the
// time formats the panels share.

export const $ = (id) => document.getElementById(id)

/**
 * An element: `props` are attributes (`class` too; false/undefined skipped), `on…` functions
 * are listeners; children are nodes or text.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.slice(2), value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) el.append(child)
  return el
}

/**
 * Sets a cell from its spec: text (string or number), or `{ text, class, title }`, or
 * `{ make: (td) => void }` for a cell built once (a button) and left alone after.
 */
function setCell(td, spec) {
  if (spec && typeof spec === 'object' && spec.make) {
    if (!td.firstChild) spec.make(td)
    return
  }
  const { text = '', class: className = '', title } = spec && typeof spec === 'object' ? spec : { text: spec }
  const shown = text === undefined || text === null ? '' : String(text)
  if (td.textContent !== shown) td.textContent = shown
  if (td.className !== className) td.className = className
  if (title !== undefined) td.title = title
}

/**
 * Makes `tbody` show one row per item, in order. The row of an item already shown (same
 * `key(item)`) is kept and only its changed cells are written.
 *
 * @param {HTMLTableSectionElement} tbody
 * @param {Iterable<any>} items
 * @param {(item: any) => string} key
 * @param {(item: any) => any[]} cells the cell specs of an item (see setCell)
 */
export function syncRows(tbody, items, key, cells) {
  const old = new Map([...tbody.rows].map((tr) => [tr.dataset.key, tr]))
  let next = tbody.firstElementChild
  for (const item of items) {
    const k = key(item)
    let tr = old.get(k)
    old.delete(k)
    if (!tr) {
      tr = document.createElement('tr')
      tr.dataset.key = k
    }
    const specs = cells(item)
    while (tr.cells.length < specs.length) tr.insertCell()
    specs.forEach((spec, i) => {
      setCell(tr.cells[i], spec)
    })
    if (tr === next) next = next.nextElementSibling
    else tbody.insertBefore(tr, next)
  }
  for (const tr of old.values()) tr.remove()
}

/** Shows `empty` (a "nothing yet" paragraph) when `count` is 0. */
export function showEmpty(empty, count) {
  empty.hidden = count > 0
}

/** "4 s", "3 min 12 s", "2 h 5 min", "3 d 4 h": two units at most. */
export function duration(seconds) {
  let s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s} s`
  const parts = []
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ]) {
    if (s >= size && parts.length < 2) {
      parts.push(`${Math.floor(s / size)} ${unit}`)
      s %= size
    } else if (parts.length) break
  }
  return parts.join(' ')
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Local wall-clock time of a Unix time in ms, e.g. "14:03:07". */
export const clock = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false })

/** ISO time of Unix seconds, without milliseconds. */
export const iso = (unix) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z')
