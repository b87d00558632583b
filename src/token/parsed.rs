//! `parseToken`'s result as a flat record that lib/parsed-token.js turns
//! into objects. Setting properties one N-API call at a time was three
//! quarters of a parse; V8 builds the same objects from object literals in
//! JavaScript several times faster.
//!
//! The record is the document order of `parsed_view` (core), keeping only
//! what the JavaScript cannot know from the shape itself:
//! - numbers go to `numbers` (a Float64Array the caller passes; slot 0 is
//!   the count used), strings are joined into one returned string, each
//!   leaving its length in UTF-16 units in `numbers`;
//! - the version (7 or 6) comes first, and each service's type before its
//!   object; a map entry leaves its id, a `true` leaves 1, and every object
//!   or array leaves [`END`] when it closes;
//! - fixed keys, version and service names leave nothing.
//!
//! When `numbers` is too small the string is not built and slot 0 holds
//! the length needed; the caller grows the array and asks again.

use agora_convoai_core::token::parsed_view::{self, Key, PRIVILEGES_006};
use agora_convoai_core::token::service::{
    kind, privilege_names, service_name, RTM2_PERMISSION_TYPES, RTM2_RESOURCE_TYPES,
};
use agora_convoai_core::token::ParsedToken;
use napi::{Env, JsString};
use napi_derive::napi;
use serde_json::{json, Map, Value};

/// Closes an object or array. Negative, so never a length or an id.
const END: f64 = -1.0;

struct Record<'n> {
    numbers: &'n mut [f64],
    /// Slots used (or needed), slot 0 included.
    used: usize,
    text: String,
    ascii: bool,
}

impl Record<'_> {
    fn push(&mut self, v: f64) {
        if let Some(slot) = self.numbers.get_mut(self.used) {
            *slot = v;
        }
        self.used += 1;
    }
}

impl parsed_view::Sink for Record<'_> {
    fn begin_object(&mut self) {}
    fn begin_array(&mut self) {}
    fn end(&mut self) {
        self.push(END);
    }
    // Only reached through `field` and `entry`, both overridden.
    fn key(&mut self, _: Key) {}
    fn field(&mut self, _: &'static str) {}
    fn entry(&mut self, id: u16, _: Option<&'static str>) {
        self.push(f64::from(id));
    }
    fn service(&mut self, type_id: u16) {
        self.push(f64::from(type_id));
    }
    fn str(&mut self, v: &str) {
        let units = if v.is_ascii() {
            v.len()
        } else {
            self.ascii = false;
            v.encode_utf16().count()
        };
        self.push(units as f64);
        self.text.push_str(v);
    }
    fn name(&mut self, _: &'static str) {}
    fn num(&mut self, v: f64) {
        self.push(v);
    }
    fn bool(&mut self, v: bool) {
        self.push(if v { 1.0 } else { 0.0 });
    }
}

/// Writes `parsed` into `numbers` and returns the joined strings, or `None`
/// (`null`) when `numbers` is too small (slot 0 then holds the length needed).
pub fn write<'env>(
    env: &'env Env,
    parsed: &ParsedToken,
    numbers: &mut [f64],
) -> napi::Result<Option<JsString<'env>>> {
    let mut record = Record {
        numbers,
        used: 1,
        text: String::with_capacity(256),
        ascii: true,
    };
    match parsed {
        ParsedToken::V007(p) => {
            record.push(7.0);
            parsed_view::write_007(&mut record, p);
        }
        ParsedToken::V006(p) => {
            record.push(6.0);
            parsed_view::write_006(&mut record, p);
        }
    }
    let used = record.used;
    let fits = used <= record.numbers.len();
    if let Some(first) = record.numbers.first_mut() {
        *first = used as f64;
    }
    if !fits {
        return Ok(None);
    }
    // Token text is nearly always ASCII: Latin-1 is then the same text
    // without UTF-8 decoding.
    let text = if record.ascii {
        env.create_string_latin1(record.text.as_bytes())?
    } else {
        env.create_string(&record.text)?
    };
    Ok(Some(text))
}

/// The names lib/parsed-token.js gives service types and map entries, by
/// id: `services[type]`, `privileges[type][id]`, `privileges006[id]`,
/// `resources[id]`, `permissions[id]`.
#[napi(skip_typescript)]
pub fn token_names() -> Value {
    let by_id = |entries: &[(u16, &str)]| {
        let map: Map<String, Value> = entries
            .iter()
            .map(|(id, name)| (id.to_string(), Value::from(*name)))
            .collect();
        Value::Object(map)
    };
    // Every service type this version knows (parsing stops at another).
    let types = kind::RTC..=kind::STT;
    let services: Map<String, Value> = types
        .clone()
        .filter_map(|t| service_name(t).map(|n| (t.to_string(), Value::from(n))))
        .collect();
    let privileges: Map<String, Value> = types
        .map(|t| (t.to_string(), by_id(privilege_names(t))))
        .collect();
    json!({
        "services": services,
        "privileges": privileges,
        "privileges006": by_id(&PRIVILEGES_006),
        "resources": RTM2_RESOURCE_TYPES,
        "permissions": RTM2_PERMISSION_TYPES,
    })
}
