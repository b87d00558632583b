//! The documented payloads of ConvoAI notifications (product 17): each
//! event type's fields by their wire names, what each holds, and which ones a
//! payload must have to be returned as that typed event, with the wire names
//! and the camel-cased names JavaScript gets. The TypeScript types in
//! types/header.d.ts (its webhooks part) mirror these tables.
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
    /// The JavaScript name: `wire` camel-cased.
    pub js: &'static str,
    pub kind: Kind,
    /// Without it (or with another type) the payload is not this event.
    pub required: bool,
}

const fn req(wire: &'static str, js: &'static str, kind: Kind) -> Field {
    Field {
        wire,
        js,
        kind,
        required: true,
    }
}

const fn opt(wire: &'static str, js: &'static str, kind: Kind) -> Field {
    Field {
        wire,
        js,
        kind,
        required: false,
    }
}

use Kind::{Bool, Labels, List, Num, Object, Seconds, Str, TurnId};

/// The identity every agent event starts with.
macro_rules! agent_event {
    ($($field:expr),* $(,)?) => {
        &[
            req("agent_id", "agentId", Str),
            opt("name", "name", Str),
            req("channel", "channel", Str),
            req("start_ts", "startTs", Seconds),
            $($field,)*
            opt("labels", "labels", Labels),
        ]
    };
}

/// 101 agent joined.
const JOINED: &[Field] = agent_event![];

/// 102 agent left.
const LEFT: &[Field] = agent_event![
    req("stop_ts", "stopTs", Seconds),
    req("status", "status", Str),
    req("message", "message", Str),
];

/// 103 agent history: one entry per message, capped by `llm.max_history`.
const HISTORY: &[Field] = agent_event![
    req("stop_ts", "stopTs", Seconds),
    req("contents", "contents", List(HISTORY_ENTRY)),
];
const HISTORY_ENTRY: &[Field] = &[
    req("role", "role", Str),
    req("content", "content", Str),
    opt("speech_start_ms", "speechStartMs", Num),
    opt("speech_end_ms", "speechEndMs", Num),
    opt("speech_algorithmic_delay", "speechAlgorithmicDelay", Num),
];

/// 104 agent token expiring (EN and zh-CN docs give different `message`s).
const EXPIRING: &[Field] = agent_event![opt("message", "message", Str)];

/// 110 agent error.
const ERROR: &[Field] = agent_event![
    opt("turn_id", "turnId", TurnId),
    req("errors", "errors", List(ERROR_ENTRY)),
];
const ERROR_ENTRY: &[Field] = &[
    req("module", "module", Str),
    opt("turn_id", "turnId", TurnId),
    req("code", "code", Num),
    opt("message", "message", Str),
];

/// 111 agent metrics: per-turn latencies in ms, any of which may be missing.
const METRICS: &[Field] = agent_event![
    req("stop_ts", "stopTs", Seconds),
    req("metrics", "metrics", List(METRICS_ENTRY)),
];
const METRICS_ENTRY: &[Field] = &[
    opt("turn_id", "turnId", TurnId),
    opt("asr_ttlw", "asrTtlw", Num),
    opt("llm_ttfb", "llmTtfb", Num),
    opt("llm_ttfs", "llmTtfs", Num),
    opt("tts_ttfb", "ttsTtfb", Num),
];

/// 112 turns finished (at most 200 turns; `is_truncated` past that).
const TURNS: &[Field] = agent_event![
    req("stop_ts", "stopTs", Seconds),
    req("total_turn_count", "totalTurnCount", Num),
    req("is_truncated", "isTruncated", Bool),
    req("turns", "turns", List(TURN)),
];
const TURN: &[Field] = &[
    opt("agent_id", "agentId", Str),
    opt("channel", "channel", Str),
    req("turn_id", "turnId", TurnId),
    opt("start", "start", Object(TURN_START)),
    opt("end", "end", Object(TURN_END)),
    opt("metrics", "metrics", Object(TURN_METRICS)),
];
const TURN_START: &[Field] = &[
    req("start_at", "startAt", Num),
    req("type", "type", Str),
    opt("metadata", "metadata", Object(TURN_START_METADATA)),
];
const TURN_START_METADATA: &[Field] = &[
    opt("speech_duration_ms", "speechDurationMs", Num),
    opt("interrupt_duration_ms", "interruptDurationMs", Num),
];
const TURN_END: &[Field] = &[
    req("end_at", "endAt", Num),
    req("type", "type", Str),
    opt("metadata", "metadata", Object(TURN_END_METADATA)),
];
const TURN_END_METADATA: &[Field] = &[
    opt("playback_duration_ms", "playbackDurationMs", Num),
    opt("caused_by", "causedBy", Str),
    opt("reason", "reason", Str),
];
const TURN_METRICS: &[Field] = &[
    opt("e2e_latency_ms", "e2eLatencyMs", Num),
    opt(
        "segmented_latency_ms",
        "segmentedLatencyMs",
        Object(SEGMENTED_LATENCY),
    ),
];
const SEGMENTED_LATENCY: &[Field] = &[
    opt("algorithm_processing", "algorithmProcessing", Num),
    opt("asr_ttlw", "asrTtlw", Num),
    opt("llm_ttft", "llmTtft", Num),
    opt("llm_ftfs", "llmFtfs", Num),
    opt("tts_ttfb", "ttsTtfb", Num),
    opt("transport", "transport", Num),
];

/// 201 inbound / 202 outbound call state.
const CALL_STATE: &[Field] = &[
    req("agent_id", "agentId", Str),
    opt("name", "name", Str),
    req("channel", "channel", Str),
    req("state", "state", Str),
    req("report_ms", "reportMs", Num),
    opt("labels", "labels", Labels),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of `fields` and of the tables nested in it.
    fn all(fields: &'static [Field], out: &mut Vec<Field>) {
        for field in fields {
            out.push(*field);
            if let Kind::Object(nested) | Kind::List(nested) = field.kind {
                all(nested, out);
            }
        }
    }

    #[test]
    fn js_names_are_the_wire_names_camel_cased() {
        let mut fields = Vec::new();
        for event_type in [
            101.0, 102.0, 103.0, 104.0, 110.0, 111.0, 112.0, 201.0, 202.0,
        ] {
            all(payload_fields(event_type).unwrap_or_default(), &mut fields);
        }
        assert!(fields.len() > 60);
        for Field { wire, js, .. } in fields {
            let mut expected = String::new();
            for (i, part) in wire.split('_').enumerate() {
                let (first, rest) = part.split_at(usize::from(i > 0 && !part.is_empty()));
                expected.push_str(&first.to_ascii_uppercase());
                expected.push_str(rest);
            }
            assert_eq!(js, expected, "{wire}");
        }
    }

    #[test]
    fn only_documented_types_have_tables() {
        for event_type in [0.0, 100.0, 105.0, 113.0, 200.0, 203.0, 101.5, 4294967397.0] {
            assert!(payload_fields(event_type).is_none(), "{event_type}");
        }
    }
}
