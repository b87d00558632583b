//! The documented payloads of ConvoAI notifications (product 17): each
//! event type's fields by their wire names, what each holds, and which ones a
//! payload must have to be returned as that typed event. The JavaScript
//! names are the wire names camel-cased (`agent_id` → `agentId`); the
//! TypeScript types in types/webhooks.d.ts mirror these tables.
//!
//! Only fields present in every documented example and release are
//! required; the rest (`name` came in v2.6, `labels` only when set at join,
//! 111 metrics per turn, 112 turn details) are optional.

/// What a field holds and how it reaches JavaScript.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A string.
    Str,
    /// Any JSON number.
    Num,
    /// `true` or `false`.
    Bool,
    /// Unix time in seconds: documented in seconds, but 112's example is in
    /// milliseconds, so a value of 1e11 or more (year 5138 in seconds, 1973
    /// in ms) is read as ms and divided by 1000, keeping the fraction.
    Seconds,
    /// A turn id: documented as a string for 110, given as numbers in the
    /// examples and in 111/112. A number or a string of decimal digits gives a
    /// number; `""` counts as absent (an error outside any turn).
    TurnId,
    /// `labels`: string to string, as set at join; keys kept as they are.
    Labels,
    /// An object with these fields.
    Object(&'static [Field]),
    /// An array of objects with these fields.
    List(&'static [Field]),
}

/// One documented field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The wire name (snake_case).
    pub wire: &'static str,
    pub kind: Kind,
    /// Without it (or with another type) the payload is not this event.
    pub required: bool,
}

const fn req(wire: &'static str, kind: Kind) -> Field {
    Field {
        wire,
        kind,
        required: true,
    }
}

const fn opt(wire: &'static str, kind: Kind) -> Field {
    Field {
        wire,
        kind,
        required: false,
    }
}

use Kind::{Bool, Labels, List, Num, Object, Seconds, Str, TurnId};

/// The identity every agent event starts with.
macro_rules! agent_event {
    ($($field:expr),* $(,)?) => {
        &[
            req("agent_id", Str),
            opt("name", Str),
            req("channel", Str),
            req("start_ts", Seconds),
            $($field,)*
            opt("labels", Labels),
        ]
    };
}

/// 101 agent joined.
const JOINED: &[Field] = agent_event![];

/// 102 agent left.
const LEFT: &[Field] = agent_event![
    req("stop_ts", Seconds),
    req("status", Str),
    req("message", Str),
];

/// 103 agent history: one entry per message, capped by `llm.max_history`.
const HISTORY: &[Field] = agent_event![
    req("stop_ts", Seconds),
    req("contents", List(HISTORY_ENTRY)),
];
const HISTORY_ENTRY: &[Field] = &[
    req("role", Str),
    req("content", Str),
    opt("speech_start_ms", Num),
    opt("speech_end_ms", Num),
    opt("speech_algorithmic_delay", Num),
];

/// 104 agent token expiring (EN and zh-CN docs give different `message`s).
const EXPIRING: &[Field] = agent_event![opt("message", Str)];

/// 110 agent error.
const ERROR: &[Field] = agent_event![opt("turn_id", TurnId), req("errors", List(ERROR_ENTRY)),];
const ERROR_ENTRY: &[Field] = &[
    req("module", Str),
    opt("turn_id", TurnId),
    req("code", Num),
    opt("message", Str),
];

/// 111 agent metrics: per-turn latencies in ms, any of which may be missing.
const METRICS: &[Field] =
    agent_event![req("stop_ts", Seconds), req("metrics", List(METRICS_ENTRY)),];
const METRICS_ENTRY: &[Field] = &[
    opt("turn_id", TurnId),
    opt("asr_ttlw", Num),
    opt("llm_ttfb", Num),
    opt("llm_ttfs", Num),
    opt("tts_ttfb", Num),
];

/// 112 turns finished (at most 200 turns; `is_truncated` past that).
const TURNS: &[Field] = agent_event![
    req("stop_ts", Seconds),
    req("total_turn_count", Num),
    req("is_truncated", Bool),
    req("turns", List(TURN)),
];
const TURN: &[Field] = &[
    opt("agent_id", Str),
    opt("channel", Str),
    req("turn_id", TurnId),
    opt("start", Object(TURN_START)),
    opt("end", Object(TURN_END)),
    opt("metrics", Object(TURN_METRICS)),
];
const TURN_START: &[Field] = &[
    req("start_at", Num),
    req("type", Str),
    opt("metadata", Object(TURN_START_METADATA)),
];
const TURN_START_METADATA: &[Field] = &[
    opt("speech_duration_ms", Num),
    opt("interrupt_duration_ms", Num),
];
const TURN_END: &[Field] = &[
    req("end_at", Num),
    req("type", Str),
    opt("metadata", Object(TURN_END_METADATA)),
];
const TURN_END_METADATA: &[Field] = &[
    opt("playback_duration_ms", Num),
    opt("caused_by", Str),
    opt("reason", Str),
];
const TURN_METRICS: &[Field] = &[
    opt("e2e_latency_ms", Num),
    opt("segmented_latency_ms", Object(SEGMENTED_LATENCY)),
];
const SEGMENTED_LATENCY: &[Field] = &[
    opt("algorithm_processing", Num),
    opt("asr_ttlw", Num),
    opt("llm_ttft", Num),
    opt("llm_ftfs", Num),
    opt("tts_ttfb", Num),
    opt("transport", Num),
];

/// 201 inbound / 202 outbound call state.
const CALL_STATE: &[Field] = &[
    req("agent_id", Str),
    opt("name", Str),
    req("channel", Str),
    req("state", Str),
    req("report_ms", Num),
    opt("labels", Labels),
];

/// Conversational AI Engine's product id.
pub const CONVOAI_PRODUCT_ID: f64 = 17.0;

/// The payload fields of a ConvoAI event type, `None` for types this
/// version does not know.
pub fn payload_fields(event_type: f64) -> Option<&'static [Field]> {
    if event_type.fract() != 0.0 {
        return None;
    }
    // Saturating: anything past u32::MAX is no known type either.
    Some(match event_type as u32 {
        101 => JOINED,
        102 => LEFT,
        103 => HISTORY,
        104 => EXPIRING,
        110 => ERROR,
        111 => METRICS,
        112 => TURNS,
        201 | 202 => CALL_STATE,
        _ => return None,
    })
}
