// parseToken's result, built in one call from Rust (see parsed_js.rs): a
// shape string such as `{appId:_,services:[{uid:_}]}` and its leaf values in
// order. Plans are cached by the shape's hash, so the usual call only walks
// a cached plan, and JS creates the objects (N-API created them one
// property at a time, most of parseToken's cost).
(function () {
  'use strict'
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
      return null // '_': the next leaf value
    }
    return value()
  }

  let leaves
  let next
  function build(plan) {
    if (plan === null) return leaves[next++]
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

  return function parsedToken(hash, shape, ...values) {
    let plan = plans.get(hash)
    if (plan === undefined || plan.shape !== shape) {
      plan = { shape, root: compile(shape) }
      if (plans.size < MAX_PLANS) plans.set(hash, plan)
    }
    leaves = values
    next = 0
    const out = build(plan.root)
    leaves = undefined
    return out
  }
})()
