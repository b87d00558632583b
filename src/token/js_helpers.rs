//! The JS half of the token functions (`helpers.js`), compiled once per
//! environment: `readOptions` and `parsedToken` replace dozens of N-API
//! property calls per token call with one function call.
//!
//! Kept in a thread-local slot (an environment lives on one thread, and the
//! convoai module owns the instance data). A cleanup hook empties the slot
//! when the environment is torn down, so a later one never sees stale
//! handles. A second environment on the same thread (rare) compiles the
//! helpers on each call instead.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;

use napi::sys;

use crate::token::fields::OPTION_KEYS;

/// The helpers of one environment, as handles of the current call.
pub struct Helpers {
    pub read_options: sys::napi_value,
    pub parsed_token: sys::napi_value,
    /// `slots` of helpers.js (`slot_count` f64s, at least 2 ×
    /// `OPTION_KEYS.len()`): off the V8 heap (larger than V8's in-heap typed
    /// array limit) and kept alive by the helper functions, so the address
    /// is stable.
    pub slots: *mut f64,
    pub slot_count: usize,
}

struct Cached {
    env: sys::napi_env,
    read_options: sys::napi_ref,
    parsed_token: sys::napi_ref,
    slots: *mut f64,
    slot_count: usize,
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

pub fn get(env: sys::napi_env) -> Result<Helpers, sys::napi_status> {
    let cached = SLOT
        .try_with(|slot| {
            let slot = slot.try_borrow().ok()?;
            let c = slot.as_ref().filter(|c| c.env == env)?;
            Some((c.read_options, c.parsed_token, c.slots, c.slot_count))
        })
        .ok()
        .flatten();
    if let Some((read_options, parsed_token, slots, slot_count)) = cached {
        // SAFETY: live strong references of `env`.
        return Ok(Helpers {
            read_options: create(|out| unsafe {
                sys::napi_get_reference_value(env, read_options, out)
            })?,
            parsed_token: create(|out| unsafe {
                sys::napi_get_reference_value(env, parsed_token, out)
            })?,
            slots,
            slot_count,
        });
    }
    let helpers = compile(env)?;
    let vacant = SLOT
        .try_with(|slot| slot.try_borrow().is_ok_and(|s| s.is_none()))
        .unwrap_or(false);
    if vacant {
        let (mut read_options, mut parsed_token) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: live function handles; the hook runs on this thread at
        // teardown. The references keep the functions (and, through their
        // closure, `slots`) alive.
        unsafe {
            check(sys::napi_create_reference(
                env,
                helpers.read_options,
                1,
                &mut read_options,
            ))?;
            check(sys::napi_create_reference(
                env,
                helpers.parsed_token,
                1,
                &mut parsed_token,
            ))?;
            check(sys::napi_add_env_cleanup_hook(
                env,
                Some(forget),
                ptr::null_mut(),
            ))?;
        }
        let _ = SLOT.try_with(|slot| {
            slot.try_borrow_mut().map(|mut s| {
                *s = Some(Cached {
                    env,
                    read_options,
                    parsed_token,
                    slots: helpers.slots,
                    slot_count: helpers.slot_count,
                })
            })
        });
    }
    Ok(helpers)
}

fn named(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &std::ffi::CStr,
) -> Result<sys::napi_value, sys::napi_status> {
    // SAFETY: live handles, NUL-terminated name.
    create(|out| unsafe { sys::napi_get_named_property(env, object, name.as_ptr(), out) })
}

fn compile(env: sys::napi_env) -> Result<Helpers, sys::napi_status> {
    let source = include_str!("helpers.js");
    // SAFETY (all blocks below): live env and handles, valid out pointers,
    // pointers and lengths that describe their strings.
    let script = create(|out| unsafe {
        sys::napi_create_string_utf8(env, source.as_ptr().cast(), source.len() as isize, out)
    })?;
    let factory = create(|out| unsafe { sys::napi_run_script(env, script, out) })?;
    let keys =
        create(|out| unsafe { sys::napi_create_array_with_length(env, OPTION_KEYS.len(), out) })?;
    for (i, key) in OPTION_KEYS.iter().enumerate() {
        let name =
            create(|out| unsafe { sys::napi_create_string_utf8(env, key.as_ptr(), -1, out) })?;
        check(unsafe { sys::napi_set_element(env, keys, i as u32, name) })?;
    }
    let this = create(|out| unsafe { sys::napi_get_undefined(env, out) })?;
    let helpers =
        create(|out| unsafe { sys::napi_call_function(env, this, factory, 1, &keys, out) })?;
    let slots = named(env, helpers, c"slots")?;
    let mut data = ptr::null_mut();
    let mut length = 0;
    // SAFETY: `slots` is a Float64Array; only the data pointer and length are wanted.
    check(unsafe {
        sys::napi_get_typedarray_info(
            env,
            slots,
            ptr::null_mut(),
            &mut length,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    })?;
    if data.is_null() || length < 2 * OPTION_KEYS.len() {
        return Err(sys::Status::napi_generic_failure);
    }
    Ok(Helpers {
        read_options: named(env, helpers, c"readOptions")?,
        parsed_token: named(env, helpers, c"parsedToken")?,
        slots: data.cast(),
        slot_count: length,
    })
}

/// Environment teardown: its references die with it.
unsafe extern "C" fn forget(_: *mut c_void) {
    let _ = SLOT.try_with(|slot| slot.try_borrow_mut().map(|mut s| s.take()));
}
