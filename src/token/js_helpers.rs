//! The JS half of the token functions, compiled once per environment:
//! `readOptions` (helpers.js) reads an options object in one call, and
//! `parseToken`'s result builders (parsed_js.rs), generated per result
//! shape, build a result in one call. Both replace dozens of N-API property
//! calls per token call.
//!
//! Kept in a thread-local slot (an environment lives on one thread, and the
//! convoai module owns the instance data). A cleanup hook empties the slot
//! when the environment is torn down, so a later one never sees stale
//! handles. A second environment on the same thread (rare) compiles the
//! helpers on each call instead and caches no builders.

use std::cell::RefCell;
use std::ffi::c_void;
use std::fmt::Write;
use std::ptr;

use napi::sys;

use crate::token::fields::{Kind, OPTION_KEYS, READ_COUNTS};
use crate::token::parsed_js::Code;

/// How many numbers of a parsed token go through the shared `slots`
/// (further ones are passed as arguments).
pub const NUMBER_SLOTS: usize = 128;

/// A helper function or object: a reference when cached, else a handle of
/// the current call. Dereferenced only by the calls that use it.
#[derive(Clone, Copy)]
enum Handle {
    Ref(sys::napi_ref),
    Value(sys::napi_value),
}

/// The helpers of one environment.
pub struct Helpers {
    env: sys::napi_env,
    read_options: Handle,
    /// The `slots` Float64Array itself.
    slots_array: Handle,
    /// `slots`' data: `2 × OPTION_KEYS.len() + NUMBER_SLOTS` f64s, off the
    /// V8 heap (larger than V8's in-heap typed array limit) and kept alive
    /// by the references, so the address is stable.
    pub slots: *mut f64,
}

impl Helpers {
    fn handle(&self, h: Handle) -> Result<sys::napi_value, sys::napi_status> {
        match h {
            Handle::Ref(r) => deref(self.env, r),
            Handle::Value(v) => Ok(v),
        }
    }

    pub fn read_options(&self) -> Result<sys::napi_value, sys::napi_status> {
        self.handle(self.read_options)
    }

    pub fn slots_array(&self) -> Result<sys::napi_value, sys::napi_status> {
        self.handle(self.slots_array)
    }
}

/// A compiled result builder and the result shape it builds.
pub type Builders = Vec<(Vec<Code>, sys::napi_ref)>;

struct Cached {
    env: sys::napi_env,
    read_options: sys::napi_ref,
    slots_array: sys::napi_ref,
    slots: *mut f64,
    builders: Builders,
}

thread_local! {
    static SLOT: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

pub fn check(status: sys::napi_status) -> Result<(), sys::napi_status> {
    match status {
        sys::Status::napi_ok => Ok(()),
        status => Err(status),
    }
}

/// Runs an N-API call that produces a value.
pub fn create(
    f: impl FnOnce(*mut sys::napi_value) -> sys::napi_status,
) -> Result<sys::napi_value, sys::napi_status> {
    let mut out = ptr::null_mut();
    check(f(&mut out))?;
    Ok(out)
}

/// A live handle of a strong reference of `env`.
pub fn deref(env: sys::napi_env, r: sys::napi_ref) -> Result<sys::napi_value, sys::napi_status> {
    // SAFETY: `r` is a live reference of `env`.
    create(|out| unsafe { sys::napi_get_reference_value(env, r, out) })
}

/// A strong reference to `value`.
pub fn reference(
    env: sys::napi_env,
    value: sys::napi_value,
) -> Result<sys::napi_ref, sys::napi_status> {
    let mut out = ptr::null_mut();
    // SAFETY: live handle, valid out pointer.
    check(unsafe { sys::napi_create_reference(env, value, 1, &mut out) })?;
    Ok(out)
}

/// Appends `s` as a JS string literal.
pub fn js_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out.push('"');
}

/// Compiles a script that evaluates to a value.
pub fn run_script(env: sys::napi_env, source: &str) -> Result<sys::napi_value, sys::napi_status> {
    // SAFETY (both): live env, pointer and length describe `source`.
    let script = create(|out| unsafe {
        sys::napi_create_string_utf8(env, source.as_ptr().cast(), source.len() as isize, out)
    })?;
    create(|out| unsafe { sys::napi_run_script(env, script, out) })
}

/// Calls `f(...args)` with `this` undefined.
pub fn call(
    env: sys::napi_env,
    f: sys::napi_value,
    args: &[sys::napi_value],
) -> Result<sys::napi_value, sys::napi_status> {
    // SAFETY (both): live handles, valid out pointers, `args` as described.
    let this = create(|out| unsafe { sys::napi_get_undefined(env, out) })?;
    create(|out| unsafe { sys::napi_call_function(env, this, f, args.len(), args.as_ptr(), out) })
}

pub fn get(env: sys::napi_env) -> Result<Helpers, sys::napi_status> {
    let cached = SLOT
        .try_with(|slot| {
            let slot = slot.try_borrow().ok()?;
            let c = slot.as_ref().filter(|c| c.env == env)?;
            Some((c.read_options, c.slots_array, c.slots))
        })
        .ok()
        .flatten();
    if let Some((read_options, slots_array, slots)) = cached {
        return Ok(Helpers {
            env,
            read_options: Handle::Ref(read_options),
            slots_array: Handle::Ref(slots_array),
            slots,
        });
    }
    let helpers = compile(env)?;
    let vacant = SLOT
        .try_with(|slot| slot.try_borrow().is_ok_and(|s| s.is_none()))
        .unwrap_or(false);
    if vacant {
        let read_options = reference(env, helpers.read_options()?)?;
        let slots_array = reference(env, helpers.slots_array()?)?;
        // SAFETY: the hook runs on this thread at teardown.
        check(unsafe { sys::napi_add_env_cleanup_hook(env, Some(forget), ptr::null_mut()) })?;
        let _ = SLOT.try_with(|slot| {
            slot.try_borrow_mut().map(|mut s| {
                *s = Some(Cached {
                    env,
                    read_options,
                    slots_array,
                    slots: helpers.slots,
                    builders: Vec::new(),
                })
            })
        });
    }
    Ok(helpers)
}

/// Runs `f` on the result builders cached for `env`; `None` when `env`'s
/// helpers are not the cached ones.
pub fn with_builders<R>(env: sys::napi_env, f: impl FnOnce(&mut Builders) -> R) -> Option<R> {
    SLOT.try_with(|slot| {
        let mut slot = slot.try_borrow_mut().ok()?;
        let c = slot.as_mut().filter(|c| c.env == env)?;
        Some(f(&mut c.builders))
    })
    .ok()
    .flatten()
}

fn named(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &std::ffi::CStr,
) -> Result<sys::napi_value, sys::napi_status> {
    // SAFETY: live handles, NUL-terminated name.
    create(|out| unsafe { sys::napi_get_named_property(env, object, name.as_ptr(), out) })
}

/// `slots => readers`: at each count of leading options in
/// [`READ_COUNTS`], a function of an options object that reads them with
/// plain property loads (`const v0 = o.appId, v1 = …`; V8 caches these,
/// unlike loads through a computed key), then records each in `slots` as
/// helpers.js lays it out (its [`Kind`] code, and its number, boolean or
/// string length) and returns the string options joined. All loads come
/// before the first write: a getter may call back into the addon. The
/// records are written inline, not by a shared function: V8 did not
/// inline one called sixteen times, and the calls were half the read.
fn readers_source() -> String {
    let kinds = OPTION_KEYS.len();
    let code = |kind: Kind| kind as u8;
    let mut out = String::from("(function(s){const r=[];");
    for count in READ_COUNTS {
        let _ = write!(out, "r[{count}]=function(o){{const ");
        for (i, key) in OPTION_KEYS.iter().take(count).enumerate() {
            let _ = write!(out, "{}v{i}=o[", if i > 0 { "," } else { "" });
            js_string(&mut out, &key.to_string_lossy());
            out.push(']');
        }
        out.push_str(";let t='',y;");
        for i in 0..count {
            let k = kinds + i;
            let _ = write!(
                out,
                "y=typeof v{i};\
                 if(y==='undefined')s[{k}]={undefined};\
                 else if(y==='string'){{s[{i}]=v{i}.length;s[{k}]={string};t+=v{i}}}\
                 else if(y==='number'){{s[{i}]=v{i};s[{k}]={number}}}\
                 else if(y==='boolean'){{s[{i}]=v{i}?1:0;s[{k}]={boolean}}}\
                 else s[{k}]={other};",
                undefined = code(Kind::Undefined),
                string = code(Kind::String),
                number = code(Kind::Number),
                boolean = code(Kind::Boolean),
                other = code(Kind::Other),
            );
        }
        out.push_str("return t};");
    }
    out.push_str("return r})");
    out
}

fn compile(env: sys::napi_env) -> Result<Helpers, sys::napi_status> {
    let source = format!(
        "({})({},{},{})",
        include_str!("helpers.js"),
        readers_source(),
        OPTION_KEYS.len(),
        NUMBER_SLOTS
    );
    let helpers = run_script(env, &source)?;
    let slots_array = named(env, helpers, c"slots")?;
    let mut data = ptr::null_mut();
    let mut length = 0;
    // SAFETY: `slots` is a Float64Array; only the data pointer and length are wanted.
    check(unsafe {
        sys::napi_get_typedarray_info(
            env,
            slots_array,
            ptr::null_mut(),
            &mut length,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    })?;
    if data.is_null() || length != 2 * OPTION_KEYS.len() + NUMBER_SLOTS {
        return Err(sys::Status::napi_generic_failure);
    }
    Ok(Helpers {
        env,
        read_options: Handle::Value(named(env, helpers, c"readOptions")?),
        slots_array: Handle::Value(slots_array),
        slots: data.cast(),
    })
}

/// Environment teardown: its references die with it.
unsafe extern "C" fn forget(_: *mut c_void) {
    let _ = SLOT.try_with(|slot| slot.try_borrow_mut().map(|mut s| s.take()));
}
