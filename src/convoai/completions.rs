//! How finished ConvoAI calls reach their promises: one thread-safe function
//! per JavaScript environment, shared by every call, that settles a batch of
//! outcomes per wake of the JavaScript thread.
//!
//! What it replaces: napi-rs's `spawn_future_with_callback`, which gives every
//! promise its own thread-safe function (a libuv async handle opened and
//! closed per call, an environment cleanup hook, and one wake of the
//! JavaScript thread per call) and converts the result with one N-API call
//! per property. Measured on `startAgent` at concurrency 16 (docs/benchmarks.md,
//! "Where the time goes"): that machinery was ~8.5 µs of the JavaScript
//! thread's ~20 µs per call.
//!
//! Here a call's promise is made by `track(id)` of lib/calls.js; the worker
//! that finishes call `id` appends `[id, ok, value]` as JSON to the
//! environment's batch, and the JavaScript thread is woken once for the
//! batch: when the worker is about to go idle (its park hook, src/lib.rs
//! runs [`flush_held`]), or as soon as [`MAX_HELD`] outcomes wait; there
//! `settle(text)` parses the whole batch with `JSON.parse` (which makes own
//! data properties: no key of an answer can set a prototype) and settles
//! each promise, building errors with `makeError`. The thread-safe function
//! holds the event loop open only while calls are pending, as the
//! per-promise ones did.
//!
//! Tests: every ConvoAI suite in `__test__/` goes through here; the
//! process-exit and abort ones in `agent.*.test.mjs` hold the loop rule.

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use agora_convoai_core::convoai::CallError;
use napi::bindgen_prelude::{Function, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use serde_json::Value;

use super::promise::spec;

/// `settle(batch)` of lib/calls.js, callable from any thread; weak, and
/// referenced while calls are pending.
type Settle = ThreadsafeFunction<(), Unknown<'static>, String, Status, false, true>;

/// What a call resolves with, written as the `value` of its batch entry.
pub trait Settled: Send + 'static {
    /// Appends `,value` (nothing for `undefined`).
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

fn write_json(value: &impl serde::Serialize, out: &mut Vec<u8>) -> serde_json::Result<()> {
    out.push(b',');
    serde_json::to_writer(out, value)
}

impl Settled for Value {
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_json(self, out)
    }
}

impl Settled for Option<Vec<Value>> {
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_json(self, out)
    }
}

/// `Promise<void>`: resolves with `undefined`.
impl Settled for () {
    fn write(&self, _: &mut Vec<u8>) -> serde_json::Result<()> {
        Ok(())
    }
}

/// Outcomes held for the worker's next idle moment, at most, before the
/// JavaScript thread is woken anyway: a busy worker delays a settlement by
/// at most this many others.
pub const MAX_HELD: u32 = 16;

thread_local! {
    /// On a runtime worker that has parked once (so its park hook runs
    /// [`flush_held`]): the environments with outcomes held until it parks
    /// again. `None` elsewhere, where outcomes wake the JavaScript thread at once.
    static HELD: RefCell<Option<Vec<Arc<Completions>>>> = const { RefCell::new(None) };
}

/// The park hook of the runtime's workers: wakes the JavaScript thread of
/// every environment with held outcomes, before this worker goes idle.
pub fn flush_held() {
    let held = HELD.with(|h| std::mem::take(h.borrow_mut().get_or_insert_with(Vec::new)));
    for completions in held {
        completions.flush();
    }
}

struct Queue {
    /// `[[id,ok,value],[id,ok,value]…` of the calls finished since the last
    /// wake: their JSON array but its closing `]` (empty when there are none).
    batch: Vec<u8>,
    /// Entries in `batch`.
    finished: u32,
    /// A wake of the JavaScript thread is on its way: it takes what is added meanwhile.
    wake_sent: bool,
    /// In this worker's [`HELD`] list.
    held: bool,
    /// Calls tracked and not yet settled.
    pending: u32,
    /// Set right after construction (it needs the `Arc` of its owner).
    settle: Option<Settle>,
}

/// One environment's calls in flight and their finished outcomes.
pub struct Completions {
    queue: Mutex<Queue>,
}

impl Completions {
    /// Wraps `settle` (lib/calls.js) for this environment.
    pub fn new(settle: Function<String, Unknown<'static>>) -> Result<Arc<Self>> {
        let this = Arc::new(Self {
            queue: Mutex::new(Queue {
                batch: Vec::new(),
                finished: 0,
                wake_sent: false,
                held: false,
                pending: 0,
                settle: None,
            }),
        });
        // Weak: the function must not keep its own queue alive.
        let me: Weak<Self> = Arc::downgrade(&this);
        let settle = settle
            .build_threadsafe_function::<()>()
            .weak::<true>()
            .callee_handled::<false>()
            .build_callback(move |ctx| {
                Ok(me
                    .upgrade()
                    .map_or_else(|| "[]".to_string(), |c| c.take(&ctx.env)))
            })?;
        this.lock().settle = Some(settle);
        Ok(this)
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A panic while holding the lock cannot leave the queue inconsistent:
        // every change is one push or one take.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A call whose promise was just made (JavaScript thread): the event loop
    /// stays open until it is settled.
    #[allow(deprecated)] // `refer`: napi_ref_threadsafe_function, the loop reference this needs
    pub fn begin(&self, env: &Env) {
        let mut q = self.lock();
        q.pending += 1;
        if q.pending == 1 {
            // Fails only while the environment shuts down.
            q.settle.as_mut().map(|s| s.refer(env));
        }
    }

    /// Records the outcome of call `id`, waking the JavaScript thread now or
    /// holding the outcome until this worker parks.
    pub fn finish<T: Settled>(
        self: &Arc<Self>,
        id: u32,
        outcome: std::result::Result<T, CallError>,
    ) {
        let mut q = self.lock();
        // Written straight into the batch, which is the JSON array's text
        // without its closing `]`.
        let start = q.batch.len();
        q.batch.push(if start == 0 { b'[' } else { b',' });
        if let Err(e) = entry_json(id, outcome, &mut q.batch) {
            // A value serde_json cannot write (none of ours): reject instead.
            let err = CallError::Other(agora_convoai_core::Error::new(
                agora_convoai_core::ErrorCode::BadResponse,
                agora_convoai_core::ErrorKind::Plain,
                format!("the result could not be converted: {e}"),
            ));
            q.batch.truncate(start + 1);
            entry_json::<()>(id, Err(err), &mut q.batch).ok();
        }
        q.finished += 1;
        if q.wake_sent {
            return;
        }
        let held = q.finished < MAX_HELD
            && HELD.with(|h| match h.borrow_mut().as_mut() {
                Some(list) => {
                    if !q.held {
                        list.push(self.clone());
                        q.held = true;
                    }
                    true
                }
                None => false,
            });
        if !held {
            wake(&mut q);
        }
    }

    /// Wakes the JavaScript thread for the held outcomes, if any.
    fn flush(&self) {
        let mut q = self.lock();
        q.held = false;
        if !q.wake_sent && !q.batch.is_empty() {
            wake(&mut q);
        }
    }

    /// The batch as a JSON array (JavaScript thread, in the wake): the calls
    /// in it are no longer pending.
    #[allow(deprecated)] // `unref`: see `begin`
    fn take(&self, env: &Env) -> String {
        let mut q = self.lock();
        let mut text = std::mem::take(&mut q.batch);
        if text.is_empty() {
            text.push(b'[');
        }
        text.push(b']');
        q.pending = q.pending.saturating_sub(std::mem::take(&mut q.finished));
        q.wake_sent = false;
        if q.pending == 0 {
            q.settle.as_mut().map(|s| s.unref(env));
        }
        // serde_json writes UTF-8.
        String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}

fn wake(q: &mut Queue) {
    q.wake_sent = true;
    // Fails only once the environment is gone, with no promise left to settle.
    q.settle
        .as_ref()
        .map(|s| s.call((), ThreadsafeFunctionCallMode::NonBlocking));
}

fn entry_json<T: Settled>(
    id: u32,
    outcome: std::result::Result<T, CallError>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    write!(out, "[{id},").map_err(serde_json::Error::io)?;
    match outcome {
        Ok(v) => {
            out.push(b'1');
            v.write(out)?;
        }
        Err(e) => {
            out.push(b'0');
            write_json(&spec(e), out)?;
        }
    }
    out.push(b']');
    Ok(())
}
