//! `parseToken`'s JS result. Setting ~30 properties one N-API call at a time
//! (each one internalizing its key and walking V8's generic property path)
//! was three quarters of a parse. Instead the parsed token is flattened into
//! a shape string (`{appId:_,services:[{uid:_}]}`) plus its leaf values, and
//! one call to `parsedToken` of `helpers.js` builds the objects in JS.

use std::ptr;

use agora_convoai_core::token::{parsed_view, ParsedToken};
use napi::sys;

use crate::token::fields::OPTION_KEYS;
use crate::token::js_helpers::{self, check, create, Helpers};

/// A leaf value, created as a JS value only when the call is made.
enum Leaf {
    Str(sys::napi_value),
    Num(f64),
    /// A number passed through the shared `slots` (`#` in the shape): no
    /// JS value to create.
    Slot(f64),
    Bool(bool),
}

/// An object or array under construction: its shape text without the
/// closing bracket, and its leaves in order.
pub struct Part {
    shape: String,
    leaves: Vec<Leaf>,
}

impl Part {
    fn separate(&mut self) {
        if !self.shape.ends_with(['{', '[']) {
            self.shape.push(',');
        }
    }
}

thread_local! {
    /// Emptied parts of earlier calls, kept for their buffers: allocating
    /// two buffers per object was a tenth of a parse.
    static POOL: std::cell::RefCell<Vec<Part>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Collects the shape; the first failing N-API call's status is kept.
struct ShapeSink {
    env: sys::napi_env,
    status: sys::napi_status,
    pool: Vec<Part>,
    /// Numbers that still fit in the shared slots.
    slots_left: usize,
}

impl ShapeSink {
    fn open(&mut self, bracket: char) -> Part {
        let mut part = self.pool.pop().unwrap_or(Part {
            shape: String::with_capacity(64),
            leaves: Vec::with_capacity(16),
        });
        part.shape.push(bracket);
        part
    }
    /// Moves `child` into `parent`; its buffers go back to the pool.
    fn append(&mut self, parent: &mut Part, mut child: Part, close: char) {
        parent.shape.push_str(&child.shape);
        parent.shape.push(close);
        parent.leaves.append(&mut child.leaves);
        self.recycle(child);
    }
    /// Keeps a bounded number of small parts (a hostile token may hold
    /// thousands of services; their buffers are not worth keeping).
    fn recycle(&mut self, mut part: Part) {
        if self.pool.len() < 32 && part.shape.capacity() <= 1024 && part.leaves.capacity() <= 64 {
            part.shape.clear();
            part.leaves.clear();
            self.pool.push(part);
        }
    }

    /// Starts an object entry. Keys are static names or decimal ids, never
    /// the shape's punctuation; anything else is refused, not misparsed.
    fn key(&mut self, o: &mut Part, key: &str) {
        if key.is_empty() || key.contains([':', ',', '{', '}', '[', ']']) {
            self.status = sys::Status::napi_invalid_arg;
        }
        o.separate();
        o.shape.push_str(key);
        o.shape.push(':');
    }
    fn leaf(&mut self, o: &mut Part, leaf: Leaf) {
        o.shape.push(if matches!(leaf, Leaf::Slot(_)) {
            '#'
        } else {
            '_'
        });
        o.leaves.push(leaf);
    }
    fn string(&mut self, v: &str) -> Leaf {
        let mut out = ptr::null_mut();
        if self.status == sys::Status::napi_ok {
            // Token strings are nearly always ASCII: Latin-1 is then the
            // same text without UTF-8 decoding.
            let create = if v.is_ascii() {
                sys::napi_create_string_latin1
            } else {
                sys::napi_create_string_utf8
            };
            // SAFETY: pointer and length describe `v`; `out` is valid.
            self.status =
                unsafe { create(self.env, v.as_ptr().cast(), v.len() as isize, &mut out) };
        }
        Leaf::Str(out)
    }
}

impl parsed_view::Sink for ShapeSink {
    type Object = Part;
    type Array = Part;
    fn object(&mut self) -> Part {
        self.open('{')
    }
    fn array(&mut self, _len: usize) -> Part {
        self.open('[')
    }
    fn str(&mut self, o: &mut Part, key: &str, v: &str) {
        self.key(o, key);
        let v = self.string(v);
        self.leaf(o, v);
    }
    fn num(&mut self, o: &mut Part, key: &str, v: f64) {
        self.key(o, key);
        let leaf = match self.slots_left.checked_sub(1) {
            Some(left) => {
                self.slots_left = left;
                Leaf::Slot(v)
            }
            None => Leaf::Num(v),
        };
        self.leaf(o, leaf);
    }
    fn bool(&mut self, o: &mut Part, key: &str, v: bool) {
        self.key(o, key);
        self.leaf(o, Leaf::Bool(v));
    }
    fn object_field(&mut self, o: &mut Part, key: &str, v: Part) {
        self.key(o, key);
        self.append(o, v, '}');
    }
    fn array_field(&mut self, o: &mut Part, key: &str, v: Part) {
        self.key(o, key);
        self.append(o, v, ']');
    }
    fn push_object(&mut self, a: &mut Part, v: Part) {
        a.separate();
        self.append(a, v, '}');
    }
    fn push_str(&mut self, a: &mut Part, v: &str) {
        a.separate();
        let v = self.string(v);
        self.leaf(a, v);
    }
}

/// FNV-1a: the builder's plan-cache key (it compares the shape too).
fn shape_hash(shape: &str) -> u32 {
    shape.bytes().fold(0x811C_9DC5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Builds the JS `ParsedToken` of `parsed`.
pub fn to_js(
    env: sys::napi_env,
    parsed: &ParsedToken,
) -> Result<sys::napi_value, sys::napi_status> {
    let pool = POOL
        .try_with(|p| {
            p.try_borrow_mut()
                .map(|mut p| std::mem::take(&mut *p))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let helpers = js_helpers::get(env)?;
    let first_number = 2 * OPTION_KEYS.len();
    let mut sink = ShapeSink {
        env,
        status: sys::Status::napi_ok,
        pool,
        slots_left: helpers.slot_count.saturating_sub(first_number),
    };
    let mut root = match parsed {
        ParsedToken::V007(p) => parsed_view::write_007(&mut sink, p),
        ParsedToken::V006(p) => parsed_view::write_006(&mut sink, p),
    };
    let result = check(sink.status).and_then(|()| {
        root.shape.push('}');
        call(env, &helpers, &root)
    });
    sink.recycle(root);
    let pool = sink.pool;
    let _ = POOL.try_with(|p| p.try_borrow_mut().map(|mut p| *p = pool));
    result
}

/// Calls `parsedToken(hash, shape, ...leaves)`.
fn call(
    env: sys::napi_env,
    helpers: &Helpers,
    root: &Part,
) -> Result<sys::napi_value, sys::napi_status> {
    let mut slot = 2 * OPTION_KEYS.len();
    let mut argv = Vec::with_capacity(2 + root.leaves.len());
    argv.push(create(|out| unsafe {
        // SAFETY (all of `create`'s closures): live env, valid out pointer.
        sys::napi_create_uint32(env, shape_hash(&root.shape), out)
    })?);
    argv.push(create(|out| unsafe {
        sys::napi_create_string_latin1(
            env,
            root.shape.as_ptr().cast(),
            root.shape.len() as isize,
            out,
        )
    })?);
    for leaf in &root.leaves {
        argv.push(match *leaf {
            Leaf::Slot(n) => {
                if slot >= helpers.slot_count {
                    return Err(sys::Status::napi_generic_failure);
                }
                // SAFETY: in bounds (checked); no JS runs until the call below.
                unsafe { helpers.slots.add(slot).write(n) };
                slot += 1;
                continue;
            }
            Leaf::Str(v) => v,
            Leaf::Num(n) => create(|out| unsafe { sys::napi_create_double(env, n, out) })?,
            Leaf::Bool(b) => create(|out| unsafe { sys::napi_get_boolean(env, b, out) })?,
        });
    }
    let this = create(|out| unsafe { sys::napi_get_undefined(env, out) })?;
    create(|out| unsafe {
        sys::napi_call_function(
            env,
            this,
            helpers.parsed_token,
            argv.len(),
            argv.as_ptr(),
            out,
        )
    })
}
