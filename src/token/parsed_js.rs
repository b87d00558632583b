//! `parseToken`'s JS result. Setting ~30 properties one N-API call at a time
//! (each one internalizing its key and walking V8's generic property path)
//! was three quarters of a parse, and a generic builder in JS still paid a
//! megamorphic store per property. Instead each result shape (the document
//! order of keys, constants and leaf kinds, see [`Event`]) gets a builder
//! function, generated once: an object literal whose leaves are the
//! builder's arguments (the token's strings) and the shared `slots` (its
//! numbers). Token text never enters generated code: only this library's
//! names and decimal ids do.
//!
//! A shape is looked up by its [`Code`]s, which compare as plain words;
//! only a new shape is walked a second time to record the [`Event`]s its
//! builder is generated from.

use std::fmt::Write;

use agora_convoai_core::token::parsed_view::{self, Key};
use agora_convoai_core::token::ParsedToken;
use napi::sys;

use crate::token::fields::OPTION_KEYS;
use crate::token::js_helpers::{self, create, js_string, Builders, Helpers, NUMBER_SLOTS};

/// One step of a result in document order: a value (under its key inside
/// an object) or the end of the innermost container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Event {
    key: Option<Key>,
    value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Object,
    Array,
    End,
    /// The builder's next argument (a string, or a number past the slots).
    Arg,
    /// The next number slot.
    Slot,
    Name(&'static str),
    Bool(bool),
}

/// An [`Event`] as three words: kinds and lengths, then the key and the
/// value. Names are `&'static str`s, identified by address and length, so
/// equal codes mean equal events (the same text at two addresses only
/// costs a second builder).
pub type Code = [u64; 3];

impl Event {
    fn code(self) -> Code {
        let (key_kind, key, key_len) = match self.key {
            None => (0, 0, 0),
            Some(Key::Id(id)) => (1, u64::from(id), 0),
            Some(Key::Name(name)) => (2, name.as_ptr() as u64, name.len() as u64),
        };
        let (value_kind, value, value_len) = match self.value {
            Value::Object => (0, 0, 0),
            Value::Array => (1, 0, 0),
            Value::End => (2, 0, 0),
            Value::Arg => (3, 0, 0),
            Value::Slot => (4, 0, 0),
            Value::Bool(b) => (5, u64::from(b), 0),
            Value::Name(name) => (6, name.as_ptr() as u64, name.len() as u64),
        };
        [
            key_kind | value_kind << 2 | key_len << 8 | value_len << 36,
            key,
            value,
        ]
    }
}

/// At most this many builders are kept per environment; a new shape past
/// it starts the cache afresh.
const MAX_BUILDERS: usize = 64;

/// Collects a result's codes and leaves (or, when `events` is set, only its
/// events); the first failing N-API call's status is kept.
struct Collector {
    env: sys::napi_env,
    status: sys::napi_status,
    codes: Vec<Code>,
    events: Option<Vec<Event>>,
    /// The key of the next value.
    key: Option<Key>,
    args: Vec<sys::napi_value>,
    /// Where the numbers go (`slots` from the first number slot on).
    slots: *mut f64,
    numbers: usize,
}

impl Collector {
    fn push(&mut self, value: Value) {
        let event = Event {
            key: self.key.take(),
            value,
        };
        match &mut self.events {
            Some(events) => events.push(event),
            None => self.codes.push(event.code()),
        }
    }

    fn arg(&mut self, f: impl FnOnce(*mut sys::napi_value) -> sys::napi_status) {
        if self.status == sys::Status::napi_ok && self.events.is_none() {
            match create(f) {
                Ok(v) => self.args.push(v),
                Err(status) => self.status = status,
            }
        }
        self.push(Value::Arg);
    }
}

impl parsed_view::Sink for Collector {
    fn begin_object(&mut self) {
        self.push(Value::Object);
    }
    fn begin_array(&mut self) {
        self.push(Value::Array);
    }
    fn end(&mut self) {
        self.push(Value::End);
    }
    fn key(&mut self, key: Key) {
        self.key = Some(key);
    }
    fn str(&mut self, v: &str) {
        let env = self.env;
        // Token strings are nearly always ASCII: Latin-1 is then the same
        // text without UTF-8 decoding.
        let create = if v.is_ascii() {
            sys::napi_create_string_latin1
        } else {
            sys::napi_create_string_utf8
        };
        // SAFETY: pointer and length describe `v`; `out` is valid.
        self.arg(|out| unsafe { create(env, v.as_ptr().cast(), v.len() as isize, out) });
    }
    fn name(&mut self, v: &'static str) {
        self.push(Value::Name(v));
    }
    fn num(&mut self, v: f64) {
        if self.numbers < NUMBER_SLOTS {
            if self.events.is_none() {
                // SAFETY: `slots` holds NUMBER_SLOTS f64s; no JS runs while
                // a result is collected, and its builder reads them after.
                unsafe { self.slots.add(self.numbers).write(v) };
            }
            self.numbers += 1;
            self.push(Value::Slot);
        } else {
            let env = self.env;
            // SAFETY: live env, valid out pointer.
            self.arg(|out| unsafe { sys::napi_create_double(env, v, out) });
        }
    }
    fn bool(&mut self, v: bool) {
        self.push(Value::Bool(v));
    }
}

thread_local! {
    /// The buffers of an earlier call, kept for their capacity: a parse
    /// allocates little else.
    static SPARE: std::cell::Cell<(Vec<Code>, Vec<sys::napi_value>)> =
        const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

fn write(c: &mut Collector, parsed: &ParsedToken) {
    match parsed {
        ParsedToken::V007(p) => parsed_view::write_007(c, p),
        ParsedToken::V006(p) => parsed_view::write_006(c, p),
    }
}

/// Builds the JS `ParsedToken` of `parsed`.
pub fn to_js(
    env: sys::napi_env,
    parsed: &ParsedToken,
) -> Result<sys::napi_value, sys::napi_status> {
    let helpers = js_helpers::get(env)?;
    let (codes, args) = SPARE.try_with(|s| s.take()).unwrap_or_default();
    let mut c = Collector {
        env,
        status: sys::Status::napi_ok,
        codes,
        events: None,
        key: None,
        args,
        // SAFETY: the number slots follow the option slots (js_helpers).
        slots: unsafe { helpers.slots.add(2 * OPTION_KEYS.len()) },
        numbers: 0,
    };
    write(&mut c, parsed);
    let result = js_helpers::check(c.status)
        .and_then(|()| builder(env, &helpers, &c.codes, parsed))
        .and_then(|builder| call_builder(env, builder, &c.args));
    // Kept only when small: a hostile token can hold thousands of services.
    if c.codes.capacity() <= 1024 && c.args.capacity() <= 1024 {
        c.codes.clear();
        c.args.clear();
        let _ = SPARE.try_with(|s| s.set((c.codes, c.args)));
    }
    result
}

/// Arguments past this count go in one array (V8 bounds a call's arguments).
const MAX_ARGS: usize = 256;

fn call_builder(
    env: sys::napi_env,
    builder: sys::napi_value,
    args: &[sys::napi_value],
) -> Result<sys::napi_value, sys::napi_status> {
    if args.len() <= MAX_ARGS {
        return js_helpers::call(env, builder, args);
    }
    // SAFETY (both): live env and handles, valid out pointer.
    let array = create(|out| unsafe { sys::napi_create_array_with_length(env, args.len(), out) })?;
    for (i, &arg) in args.iter().enumerate() {
        js_helpers::check(unsafe { sys::napi_set_element(env, array, i as u32, arg) })?;
    }
    js_helpers::call(env, builder, &[array])
}

/// The builder of the shape `codes` (of `parsed`): cached, or generated
/// (and cached when this environment keeps a cache).
fn builder(
    env: sys::napi_env,
    helpers: &Helpers,
    codes: &[Code],
    parsed: &ParsedToken,
) -> Result<sys::napi_value, sys::napi_status> {
    let found = js_helpers::with_builders(env, |builders| {
        let i = builders
            .iter()
            .position(|(shape, _)| shape.as_slice() == codes)?;
        // Most recently used first: the usual lookup ends at the first entry.
        builders.get_mut(..=i)?.rotate_right(1);
        builders.first().map(|&(_, r)| r)
    })
    .flatten();
    if let Some(r) = found {
        return js_helpers::deref(env, r);
    }
    // A new shape: walk the result again, recording its events.
    let mut recorder = Collector {
        env,
        status: sys::Status::napi_ok,
        codes: Vec::new(),
        events: Some(Vec::with_capacity(codes.len())),
        key: None,
        args: Vec::new(),
        slots: std::ptr::null_mut(),
        numbers: 0,
    };
    write(&mut recorder, parsed);
    let events = recorder.events.unwrap_or_default();
    let outer = js_helpers::run_script(env, &builder_source(&events))?;
    let builder = js_helpers::call(env, outer, &[helpers.slots_array()?])?;
    let r = js_helpers::reference(env, builder)?;
    let kept = js_helpers::with_builders(env, |builders| remember(env, builders, codes, r));
    if kept != Some(true) {
        // SAFETY: `r` was created above and is not stored anywhere.
        js_helpers::check(unsafe { sys::napi_delete_reference(env, r) })?;
    }
    Ok(builder)
}

/// Caches `r` for `codes`, unless the shape is large (a hostile token
/// can hold thousands of services: its builder is not worth keeping).
fn remember(env: sys::napi_env, builders: &mut Builders, codes: &[Code], r: sys::napi_ref) -> bool {
    if codes.len() > 1024 {
        return false;
    }
    if builders.len() >= MAX_BUILDERS {
        for (_, old) in builders.drain(..) {
            // SAFETY: `old` is a live reference of `env`, dropped from the cache.
            unsafe { sys::napi_delete_reference(env, old) };
        }
    }
    builders.insert(0, (codes.to_vec(), r));
    true
}

/// `(function (s) { 'use strict'; return function (a0, a1, …) { return {…} } })`:
/// `s` is `slots`; arguments are `a0…` or, past [`MAX_ARGS`], one array `a`.
fn builder_source(events: &[Event]) -> String {
    let args = events.iter().filter(|e| e.value == Value::Arg).count();
    let many = args > MAX_ARGS;
    let mut out = String::from("(function(s){'use strict';return function(");
    if many {
        out.push('a');
    } else {
        for i in 0..args {
            let _ = write!(out, "{}a{i}", if i > 0 { "," } else { "" });
        }
    }
    out.push_str("){return ");
    let (mut arg, mut slot) = (0, 2 * OPTION_KEYS.len());
    // Per open container: its closing bracket and whether it has an entry.
    let mut open: Vec<(char, bool)> = Vec::new();
    for event in events {
        if event.value == Value::End {
            out.push(open.pop().map_or('}', |(close, _)| close));
            continue;
        }
        if let Some((_, has_entry)) = open.last_mut() {
            if std::mem::replace(has_entry, true) {
                out.push(',');
            }
        }
        match event.key {
            Some(Key::Name(name)) => {
                js_string(&mut out, name);
                out.push(':');
            }
            Some(Key::Id(id)) => {
                let _ = write!(out, "\"{id}\":");
            }
            None => {}
        }
        match event.value {
            Value::Object => {
                out.push('{');
                open.push(('}', false));
            }
            Value::Array => {
                out.push('[');
                open.push((']', false));
            }
            Value::End => {} // closed above
            Value::Arg if many => {
                let _ = write!(out, "a[{arg}]");
                arg += 1;
            }
            Value::Arg => {
                let _ = write!(out, "a{arg}");
                arg += 1;
            }
            Value::Slot => {
                let _ = write!(out, "s[{slot}]");
                slot += 1;
            }
            Value::Name(name) => js_string(&mut out, name),
            Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        }
    }
    out.push_str("}})");
    out
}
