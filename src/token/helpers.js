// Helpers the token functions call from Rust (see js_helpers.rs), one JS
// call each where one N-API call per property cost most of a token call.
// Evaluates to a factory taking the option names Rust reads.
(function (optionKeys) {
  'use strict'

  // `slots` is shared with Rust, which reads and writes it directly around
  // a call (no user code runs in between).
  // readOptions(o, count): the first `count` options of `o`, read in order
  // into an array (strings are taken from it); the type of each, and the
  // value of numbers and booleans, go to slots[i] = value,
  // slots[optionKeys.length + i] = kind.
  // parsedToken: numeric leaves marked `#` are slots[2 * n], slots[2 * n + 1], ...
  const NUMBERS = 2 * optionKeys.length
  const slots = new Float64Array(NUMBERS + 96)
  const UNDEFINED = 0
  const NUMBER = 1
  const STRING = 2
  const BOOLEAN = 3
  const OTHER = 4
  function readOptions(o, count) {
    const values = []
    for (let i = 0; i < count; i++) values.push(o[optionKeys[i]])
    // Only now, with no getter left to run (one could call back into the
    // addon), are the shared slots written.
    const n = optionKeys.length
    for (let i = 0; i < count; i++) {
      const v = values[i]
      const t = typeof v
      let kind = OTHER
      if (t === 'undefined') kind = UNDEFINED
      else if (t === 'number') {
        kind = NUMBER
        slots[i] = v
      } else if (t === 'string') kind = STRING
      else if (t === 'boolean') {
        kind = BOOLEAN
        slots[i] = v ? 1 : 0
      }
      slots[n + i] = kind
    }
    return values
  }

  // parsedToken(hash, shape, ...values): parseToken's result from a shape
  // string such as `{appId:_,services:[{uid:_,x:#}]}`: leaves marked `_`
  // are the arguments in order, those marked `#` the numbers in `slots`.
  // Plans are cached by the shape's hash, so the usual call only walks a
  // cached plan.
  const plans = new Map()
  const MAX_PLANS = 64

  function compile(shape) {
    let i = 0
    function value() {
      const c = shape[i++]
      if (c === '{') {
        const keys = []
        const values = []
        while (shape[i] !== '}') {
          const colon = shape.indexOf(':', i)
          keys.push(shape.slice(i, colon))
          i = colon + 1
          values.push(value())
          if (shape[i] === ',') i++
        }
        i++
        return { keys, values, items: null }
      }
      if (c === '[') {
        const items = []
        while (shape[i] !== ']') {
          items.push(value())
          if (shape[i] === ',') i++
        }
        i++
        return { keys: null, values: null, items }
      }
      return c === '#' ? NUMBER_SLOT : null // '_': the next leaf argument
    }
    return value()
  }

  const NUMBER_SLOT = { numberSlot: true }
  let leaves
  let next
  let nextNumber
  function build(plan) {
    if (plan === null) return leaves[next++]
    if (plan === NUMBER_SLOT) return slots[nextNumber++]
    if (plan.items !== null) {
      const out = []
      for (let j = 0; j < plan.items.length; j++) out.push(build(plan.items[j]))
      return out
    }
    const out = {}
    const { keys, values } = plan
    for (let j = 0; j < keys.length; j++) out[keys[j]] = build(values[j])
    return out
  }

  function parsedToken(hash, shape, ...values) {
    let plan = plans.get(hash)
    if (plan === undefined || plan.shape !== shape) {
      plan = { shape, root: compile(shape) }
      if (plans.size < MAX_PLANS) plans.set(hash, plan)
    }
    leaves = values
    next = 0
    nextNumber = NUMBERS
    const out = build(plan.root)
    leaves = undefined
    return out
  }

  return { readOptions, parsedToken, slots }
})
