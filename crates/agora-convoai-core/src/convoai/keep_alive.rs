//! In-process token renewal for long-running single servers
//! (docs/telephony.md, "Keeping an agent alive in process"): a loop per
//! agent that renews its token `renewBefore` seconds before each token
//! expires, and checks every `checkInterval` seconds that the agent still
//! runs. It ends when the caller stops it, when this client stops the agent
//! (`stopAgent`, `hangupCall`), or when the API says the agent is gone (404,
//! or a STOPPING / STOPPED / FAILED status). Every failure and the end are
//! reported through the caller's callback; none is raised anywhere else.
//!
//! The loop is a future the binding spawns on its runtime: it holds no
//! JavaScript timer, so it never keeps a Node process alive.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::call::CallOptions;
use super::client::Client;
use super::error::CallError;
use super::path;
use super::renewal::{certificate, Renewal};
use crate::error::{Error, ErrorCode, Result};
use crate::validate;

/// Agents one client keeps alive at once.
pub const MAX_KEEP_ALIVES: usize = 10_000;
/// Default lead before expiry: 10 minutes, or a fifth of a short token's life.
const DEFAULT_RENEW_BEFORE_S: f64 = 600.0;
/// Default time between status checks.
const DEFAULT_CHECK_INTERVAL_S: f64 = 300.0;
/// Longest wait before retrying a failed renewal.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// Why a keep-alive ended (`reason` of the `end` report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The handle's `stop()`.
    Stopped,
    /// This client stopped the agent, or the API reported it gone.
    AgentStopped,
    /// A newer keep-alive for the same agent took over.
    Replaced,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stopped => "stopped",
            Self::AgentStopped => "agent-stopped",
            Self::Replaced => "replaced",
        }
    }
}

/// What the loop reports.
#[derive(Debug)]
pub enum KeepAliveEvent {
    /// A renewal's result: `{ agentId, createTs, status, tokenExpiresAt }`.
    Renewed(Value),
    /// A renewal or status check failed; the loop goes on (a renewal is
    /// retried after 1, 2, 4 … at most 60 seconds).
    Failed(CallError),
    /// The loop is over: `{ agentId, reason }`. Always the last report.
    Ended(Value),
}

/// The caller's sink for [`KeepAliveEvent`]s.
pub type Report = Box<dyn Fn(KeepAliveEvent) + Send + Sync>;

/// Options of a keep-alive (seconds, as JavaScript gives them).
#[derive(Clone, Debug, PartialEq)]
pub struct KeepAliveOptions {
    pub renewal: Renewal,
    /// Renew this long before a token expires. Default min(600, tokenExpire / 5).
    pub renew_before: Option<f64>,
    /// Unix seconds when the agent's current token expires. Default unknown:
    /// the first renewal happens at once.
    pub expires_at: Option<f64>,
    /// Seconds between status checks. Default 300.
    pub check_interval: Option<f64>,
}

/// Set once, by whoever stops the loop first; wakes the loop.
#[derive(Debug, Default)]
pub(super) struct StopSignal {
    reason: Mutex<Option<EndReason>>,
    notify: Notify,
}

impl StopSignal {
    pub(super) fn stop(&self, reason: EndReason) {
        if let Ok(mut r) = self.reason.lock() {
            r.get_or_insert(reason);
        }
        // Stores a permit when the loop is not waiting, so it never misses it.
        self.notify.notify_one();
    }

    fn reason(&self) -> Option<EndReason> {
        self.reason.lock().ok().and_then(|r| *r)
    }

    /// `fut`'s output, or the end reason if stopped first.
    async fn race<F: Future>(&self, fut: F) -> std::result::Result<F::Output, EndReason> {
        if let Some(r) = self.reason() {
            return Err(r);
        }
        tokio::select! {
            () = self.notify.notified() => Err(self.reason().unwrap_or(EndReason::Stopped)),
            out = fut => Ok(out),
        }
    }
}

/// A running keep-alive. Dropping the handle does not stop it: the agent
/// stays alive until `stop()` or one of the ends above.
#[derive(Clone, Debug)]
pub struct KeepAlive {
    agent_id: String,
    signal: Arc<StopSignal>,
}

impl KeepAlive {
    pub fn agent_id(&self) -> &str {
        &self.agent_id
    }

    /// Ends the loop (an in-flight request is dropped); idempotent.
    pub fn stop(&self) {
        self.signal.stop(EndReason::Stopped);
    }

    /// False once the loop has been told to end.
    pub fn is_active(&self) -> bool {
        self.signal.reason().is_none()
    }
}

fn seconds(value: f64, min: f64, max: f64, field: &str) -> Result<f64> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!("{field} must be a number of seconds from {min} to {max}"),
        ))
    }
}

/// The checked schedule: token lifetime, renewal lead, check interval (s).
struct Schedule {
    expire: f64,
    lead: f64,
    check: Duration,
    first: Instant,
}

impl Schedule {
    fn new(o: &KeepAliveOptions, expire: u32) -> Result<Self> {
        let expire = f64::from(expire);
        let lead = match o.renew_before {
            Some(s) => seconds(s, 0.0, expire - 1.0, "renewBeforeS")?,
            None => DEFAULT_RENEW_BEFORE_S.min(expire / 5.0),
        };
        let check = seconds(
            o.check_interval.unwrap_or(DEFAULT_CHECK_INTERVAL_S),
            1.0,
            86_400.0,
            "checkIntervalS",
        )?;
        let first = match o.expires_at {
            Some(at) => {
                let at = seconds(at, 0.0, f64::from(u32::MAX), "expiresAt")?;
                let wait = at - lead - f64::from(validate::now_unix());
                Instant::now() + Duration::from_secs_f64(wait.max(0.0))
            }
            None => Instant::now(),
        };
        Ok(Self {
            expire,
            lead,
            check: Duration::from_secs_f64(check),
            first,
        })
    }

    fn after_renewal(&self) -> Instant {
        Instant::now() + Duration::from_secs_f64(self.expire - self.lead)
    }
}

/// 1, 2, 4 … seconds after the `n`th failure in a row, at most a minute.
fn retry_wait(n: u32) -> Duration {
    Duration::from_secs(1u64 << n.saturating_sub(1).min(6)).min(MAX_RETRY_WAIT)
}

fn is_over(status: Option<&str>) -> bool {
    matches!(status, Some("STOPPING" | "STOPPED" | "FAILED"))
}

impl Client {
    /// Adds `signal` as the keep-alive of `agent_id`, ending the one before.
    fn register_keep_alive(&self, agent_id: &str, signal: &Arc<StopSignal>) -> Result<()> {
        let mut running = self.keep_alives().lock().unwrap_or_else(|p| p.into_inner());
        if running.len() >= MAX_KEEP_ALIVES && !running.contains_key(agent_id) {
            return Err(Error::range_error(
                ErrorCode::InvalidArg,
                format!("a client keeps at most {MAX_KEEP_ALIVES} agents alive at once"),
            ));
        }
        if let Some(before) = running.insert(agent_id.to_string(), Arc::clone(signal)) {
            before.stop(EndReason::Replaced);
        }
        Ok(())
    }

    /// Removes `signal` if it is still the agent's keep-alive.
    fn unregister_keep_alive(&self, agent_id: &str, signal: &Arc<StopSignal>) {
        if let Ok(mut running) = self.keep_alives().lock() {
            if running
                .get(agent_id)
                .is_some_and(|s| Arc::ptr_eq(s, signal))
            {
                running.remove(agent_id);
            }
        }
    }

    /// Ends the keep-alive of `agent_id`, if any (the agent was stopped).
    pub(super) fn end_keep_alive(&self, agent_id: &str, reason: EndReason) {
        let ended = self
            .keep_alives()
            .lock()
            .ok()
            .and_then(|mut r| r.remove(agent_id));
        if let Some(signal) = ended {
            signal.stop(reason);
        }
    }

    /// Starts keeping `agent_id` alive: checks the options, registers the
    /// loop (replacing an earlier one for the same agent) and returns its
    /// handle and the loop itself, for the caller to spawn.
    pub fn keep_agent_alive(
        &self,
        agent_id: &str,
        options: KeepAliveOptions,
        report: Report,
    ) -> Result<(KeepAlive, impl Future<Output = ()> + Send + 'static)> {
        path::segment(agent_id, "agentId")?;
        certificate(self)?;
        let (_, expire) = options.renewal.checked()?;
        let schedule = Schedule::new(&options, expire)?;
        let signal = Arc::new(StopSignal::default());
        self.register_keep_alive(agent_id, &signal)?;
        let handle = KeepAlive {
            agent_id: agent_id.to_string(),
            signal: Arc::clone(&signal),
        };
        let client = self.clone();
        let id = agent_id.to_string();
        let run = async move {
            let reason = client
                .keep_alive_loop(&id, &options.renewal, &schedule, &signal, &report)
                .await;
            client.unregister_keep_alive(&id, &signal);
            report(KeepAliveEvent::Ended(
                json!({ "agentId": id, "reason": reason.as_str() }),
            ));
        };
        Ok((handle, run))
    }

    async fn keep_alive_loop(
        &self,
        agent_id: &str,
        renewal: &Renewal,
        schedule: &Schedule,
        signal: &StopSignal,
        report: &Report,
    ) -> EndReason {
        let mut next_renewal = schedule.first;
        let mut failures = 0u32;
        loop {
            let wake = next_renewal.min(Instant::now() + schedule.check);
            if let Err(reason) = signal.race(tokio::time::sleep_until(wake)).await {
                return reason;
            }
            let renewing = Instant::now() >= next_renewal;
            let outcome = if renewing {
                signal
                    .race(self.renew_agent_token(agent_id, renewal, CallOptions::default()))
                    .await
            } else {
                signal
                    .race(self.get_agent(agent_id, CallOptions::default()))
                    .await
            };
            let outcome = match outcome {
                Ok(o) => o,
                Err(reason) => return reason,
            };
            match outcome {
                Ok(result) => {
                    if is_over(result.get("status").and_then(Value::as_str)) {
                        return EndReason::AgentStopped;
                    }
                    if renewing {
                        failures = 0;
                        next_renewal = schedule.after_renewal();
                        report(KeepAliveEvent::Renewed(result));
                    }
                }
                Err(CallError::Api(e)) if e.status == 404 => return EndReason::AgentStopped,
                Err(e) => {
                    report(KeepAliveEvent::Failed(e));
                    if renewing {
                        failures += 1;
                        next_renewal = Instant::now() + retry_wait(failures);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::validate::UidInput;

    fn options() -> KeepAliveOptions {
        KeepAliveOptions {
            renewal: Renewal {
                channel: "room".into(),
                agent_uid: UidInput::Number(1.0),
                token_expire: Some(100.0),
            },
            renew_before: None,
            expires_at: None,
            check_interval: None,
        }
    }

    #[test]
    fn schedule_defaults_and_bounds() {
        let s = Schedule::new(&options(), 100).unwrap();
        assert_eq!(s.lead, 20.0, "a fifth of a short token's life");
        assert_eq!(s.check, Duration::from_secs(300));
        assert!(
            s.first <= Instant::now(),
            "an unknown token is renewed at once"
        );
        let s = Schedule::new(&options(), 86_400).unwrap();
        assert_eq!(s.lead, 600.0);
        let mut o = options();
        o.renew_before = Some(100.0);
        assert!(
            Schedule::new(&o, 100).is_err(),
            "the lead must be shorter than the token"
        );
        let mut o = options();
        o.check_interval = Some(0.5);
        assert!(Schedule::new(&o, 100).is_err());
        let mut o = options();
        o.expires_at = Some(f64::from(validate::now_unix()) + 1000.0);
        let s = Schedule::new(&o, 100).unwrap();
        assert!(s.first > Instant::now() + Duration::from_secs(900));
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        let waits: Vec<u64> = (1..=9).map(|n| retry_wait(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn the_first_stop_reason_wins() {
        let s = StopSignal::default();
        s.stop(EndReason::AgentStopped);
        s.stop(EndReason::Stopped);
        assert_eq!(s.reason(), Some(EndReason::AgentStopped));
    }

    #[tokio::test]
    async fn a_stop_before_the_wait_is_not_missed() {
        let s = StopSignal::default();
        s.stop(EndReason::Stopped);
        let r = s.race(std::future::pending::<()>()).await;
        assert_eq!(r, Err(EndReason::Stopped));
    }
}
