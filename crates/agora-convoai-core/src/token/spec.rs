//! The JSON shapes of docs/tokens.md: `AccessTokenSpec` (input of
//! `buildAccessToken`) and `ParsedToken` (output of `parseToken`). Keeping
//! them here lets the binding hand JavaScript values straight through.

use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorCode, Result};
use crate::token::access_token2::{AccessToken2, Parsed007};
use crate::token::legacy006::Parsed006;
use crate::token::parsed_view::{self, privilege_name_006, Key, Sink};
use crate::token::service::{
    privilege_id, Privileges, Rtm2Permissions, Service, ServiceBody, RTM2_PERMISSION_TYPES,
    RTM2_RESOURCE_TYPES,
};
use crate::validate;

fn arg_error(message: String) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

fn field<'a>(obj: &'a Map<String, Value>, name: &str, ctx: &str) -> Result<&'a Value> {
    obj.get(name)
        .filter(|v| !v.is_null())
        .ok_or_else(|| arg_error(format!("{ctx}.{name} is required")))
}

fn string(obj: &Map<String, Value>, name: &str, ctx: &str) -> Result<String> {
    field(obj, name, ctx)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| arg_error(format!("{ctx}.{name} must be a string")))
}

fn u32_value(v: &Value, what: &str) -> Result<u32> {
    let n = v
        .as_f64()
        .ok_or_else(|| arg_error(format!("{what} must be a number")))?;
    validate::integer(n, 0, u32::MAX, what, ErrorCode::InvalidArg)
}

fn optional_u32(obj: &Map<String, Value>, name: &str, ctx: &str) -> Result<Option<u32>> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => u32_value(v, &format!("{ctx}.{name}")).map(Some),
    }
}

/// A uid as `buildAccessToken` takes it: a number (0 packs "") or any string.
fn packed_uid(obj: &Map<String, Value>, name: &str, ctx: &str) -> Result<String> {
    match field(obj, name, ctx)? {
        Value::String(s) => Ok(s.clone()),
        v @ Value::Number(_) => {
            let n = u32_value(v, &format!("{ctx}.{name}"))
                .map_err(|e| Error::range_error(ErrorCode::InvalidUid, e.message))?;
            Ok(if n == 0 { String::new() } else { n.to_string() })
        }
        _ => Err(Error::type_error(
            ErrorCode::InvalidUid,
            format!("{ctx}.{name} must be a number or a string"),
        )),
    }
}

fn privileges(type_id: u16, obj: &Map<String, Value>, ctx: &str) -> Result<Privileges> {
    let mut out = Privileges::new();
    let Some(map) = obj.get("privileges").filter(|v| !v.is_null()) else {
        return Ok(out);
    };
    let map = map
        .as_object()
        .ok_or_else(|| arg_error(format!("{ctx}.privileges must be an object")))?;
    for (name, value) in map {
        if value.is_null() {
            continue;
        }
        let id = privilege_id(type_id, name)
            .or_else(|| name.parse::<u16>().ok())
            .ok_or_else(|| {
                arg_error(format!(
                    "{ctx}.privileges.{name} is not a privilege of this service"
                ))
            })?;
        out.set(id, u32_value(value, &format!("{ctx}.privileges.{name}"))?);
    }
    Ok(out)
}

fn rtm2_permissions(obj: &Map<String, Value>, ctx: &str) -> Result<Rtm2Permissions> {
    let mut out = Rtm2Permissions::default();
    let Some(perms) = obj.get("permissions").filter(|v| !v.is_null()) else {
        return Ok(out);
    };
    let perms = perms
        .as_object()
        .ok_or_else(|| arg_error(format!("{ctx}.permissions must be an object")))?;
    for (resource, by_permission) in perms {
        let r = RTM2_RESOURCE_TYPES
            .iter()
            .position(|n| n == resource)
            .ok_or_else(|| {
                arg_error(format!(
                    "{ctx}.permissions.{resource} is not an RTM2 resource type"
                ))
            })?;
        let by_permission = by_permission
            .as_object()
            .ok_or_else(|| arg_error(format!("{ctx}.permissions.{resource} must be an object")))?;
        for (permission, list) in by_permission {
            let p = RTM2_PERMISSION_TYPES
                .iter()
                .position(|n| n == permission)
                .ok_or_else(|| {
                    arg_error(format!(
                        "{ctx}.permissions.{resource}.{permission} is not read or write"
                    ))
                })?;
            let list = list.as_array().ok_or_else(|| {
                arg_error(format!(
                    "{ctx}.permissions.{resource}.{permission} must be an array of strings"
                ))
            })?;
            let names = list
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    arg_error(format!(
                        "{ctx}.permissions.{resource}.{permission} must be an array of strings"
                    ))
                })?;
            out.add(r as u16, p as u16, names);
        }
    }
    Ok(out)
}

fn service_from_json(v: &Value, ctx: &str) -> Result<Service> {
    let obj = v
        .as_object()
        .ok_or_else(|| arg_error(format!("{ctx} must be an object")))?;
    let name = string(obj, "service", ctx)?;
    let body = match name.as_str() {
        "rtc" => ServiceBody::Rtc {
            channel_name: string(obj, "channelName", ctx)?,
            uid: packed_uid(obj, "uid", ctx)?,
        },
        "rtm" => ServiceBody::Rtm { user_id: string(obj, "userId", ctx)? },
        "streaming" => ServiceBody::Streaming {
            channel_name: string(obj, "channelName", ctx)?,
            account: packed_uid(obj, "account", ctx)?,
        },
        "fpa" => ServiceBody::Fpa,
        "chat" => ServiceBody::Chat { user_id: string(obj, "userId", ctx)? },
        "fcdn" => ServiceBody::Fcdn {
            channel_name: string(obj, "channelName", ctx)?,
            account: packed_uid(obj, "account", ctx)?,
        },
        "apaas" => {
            let role = field(obj, "role", ctx)?
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (-32768.0..=32767.0).contains(n))
                .ok_or_else(|| {
                    Error::range_error(ErrorCode::InvalidArg, format!("{ctx}.role must be an integer in -32768..32767"))
                })?;
            ServiceBody::Apaas {
                room_uuid: string(obj, "roomUuid", ctx)?,
                user_uuid: string(obj, "userUuid", ctx)?,
                role: role as i16,
            }
        }
        "rtm2" => ServiceBody::Rtm2 {
            user_id: string(obj, "userId", ctx)?,
            permissions: rtm2_permissions(obj, ctx)?,
        },
        "convoai" => ServiceBody::ConvoAi,
        "stt" => ServiceBody::Stt,
        other => {
            return Err(arg_error(format!(
                "{ctx}.service {other:?} is not one of rtc, rtm, streaming, fpa, chat, fcdn, apaas, rtm2, convoai, stt"
            )))
        }
    };
    let privileges = privileges(body.type_id(), obj, ctx)?;
    Ok(Service::new(body, privileges))
}

/// `AccessTokenSpec` → token fields and certificate.
pub fn access_token_from_json(spec: &Value) -> Result<(AccessToken2, String)> {
    let ctx = "spec";
    let obj = spec
        .as_object()
        .ok_or_else(|| arg_error("buildAccessToken takes an options object".into()))?;
    let app_id = string(obj, "appId", ctx)
        .map_err(|e| Error::type_error(ErrorCode::InvalidAppId, e.message))?;
    let app_certificate = string(obj, "appCertificate", ctx)
        .map_err(|e| Error::type_error(ErrorCode::InvalidAppCertificate, e.message))?;
    let expire = u32_value(field(obj, "expire", ctx)?, "spec.expire")
        .map_err(|e| Error::range_error(ErrorCode::InvalidExpire, e.message))?;
    let issue_ts = optional_u32(obj, "issueTs", ctx)?.unwrap_or_else(validate::now_unix);
    let salt = match optional_u32(obj, "salt", ctx)? {
        Some(s) => s,
        None => validate::salt(None, validate::MAX_SALT)?,
    };
    let services = field(obj, "services", ctx)?
        .as_array()
        .ok_or_else(|| arg_error("spec.services must be an array".into()))?
        .iter()
        .enumerate()
        .map(|(i, s)| service_from_json(s, &format!("spec.services[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    Ok((
        AccessToken2 {
            app_id,
            issue_ts,
            expire,
            salt,
            services,
        },
        app_certificate,
    ))
}

/// serde_json output of [`parsed_view`]: a stack of open containers, each
/// with the key it will be stored under in its parent.
#[derive(Default)]
struct JsonSink {
    open: Vec<(Option<String>, Value)>,
    key: Option<String>,
    done: Option<Value>,
}

impl JsonSink {
    fn value(&mut self, v: Value) {
        let key = self.key.take();
        match self.open.last_mut() {
            Some((_, Value::Object(o))) => {
                o.insert(key.unwrap_or_default(), v);
            }
            Some((_, Value::Array(a))) => a.push(v),
            _ => self.done = Some(v),
        }
    }

    fn begin(&mut self, container: Value) {
        let key = self.key.take();
        self.open.push((key, container));
    }

    fn finish(mut self) -> Value {
        self.done.take().unwrap_or(Value::Null)
    }
}

impl Sink for JsonSink {
    fn begin_object(&mut self) {
        self.begin(Value::Object(Map::new()));
    }
    fn begin_array(&mut self) {
        self.begin(Value::Array(Vec::new()));
    }
    fn end(&mut self) {
        if let Some((key, container)) = self.open.pop() {
            self.key = key;
            self.value(container);
        }
    }
    fn key(&mut self, key: Key) {
        self.key = Some(match key {
            Key::Name(name) => name.to_string(),
            Key::Id(id) => id.to_string(),
        });
    }
    fn str(&mut self, v: &str) {
        self.value(Value::String(v.to_string()));
    }
    fn name(&mut self, v: &'static str) {
        self.str(v);
    }
    fn num(&mut self, v: f64) {
        // Integers stay JSON integers ("3600", not "3600.0").
        self.value(if v < 0.0 {
            json!(v as i64)
        } else {
            json!(v as u64)
        });
    }
    fn bool(&mut self, v: bool) {
        self.value(Value::Bool(v));
    }
}

/// `ParsedToken` of a 007 token as JSON.
pub fn parsed_007_json(p: &Parsed007) -> Value {
    let mut sink = JsonSink::default();
    parsed_view::write_007(&mut sink, p);
    sink.finish()
}

pub fn privilege_id_006(name: &str) -> Option<u16> {
    (1..=12u16)
        .chain([101, 1000])
        .find(|&id| privilege_name_006(id) == Some(name))
}

/// `ParsedToken` of a 006 token as JSON.
pub fn parsed_006_json(p: &Parsed006) -> Value {
    let mut sink = JsonSink::default();
    parsed_view::write_006(&mut sink, p);
    sink.finish()
}

/// Input of `buildLegacyToken` (006): `{ appId, appCertificate, channelName,
/// uid, salt, ts, privileges }` with privileges keyed by 006 name or id and
/// valued in absolute Unix seconds.
pub fn legacy_token_from_json(spec: &Value) -> Result<String> {
    let ctx = "spec";
    let obj = spec
        .as_object()
        .ok_or_else(|| arg_error("buildLegacyToken takes an options object".into()))?;
    let app_id = string(obj, "appId", ctx)
        .map_err(|e| Error::type_error(ErrorCode::InvalidAppId, e.message))?;
    let app_certificate = string(obj, "appCertificate", ctx)
        .map_err(|e| Error::type_error(ErrorCode::InvalidAppCertificate, e.message))?;
    let channel_name = string(obj, "channelName", ctx)?;
    let uid = packed_uid(obj, "uid", ctx)?;
    let salt = match optional_u32(obj, "salt", ctx)? {
        Some(s) => s,
        None => rand::random(),
    };
    let ts = optional_u32(obj, "ts", ctx)?
        .unwrap_or_else(|| validate::now_unix().saturating_add(validate::MAX_EXPIRE));
    let mut privileges = Vec::new();
    if let Some(map) = obj.get("privileges").filter(|v| !v.is_null()) {
        let map = map
            .as_object()
            .ok_or_else(|| arg_error("spec.privileges must be an object".into()))?;
        for (name, value) in map {
            let id = privilege_id_006(name)
                .or_else(|| name.parse::<u16>().ok())
                .ok_or_else(|| {
                    arg_error(format!("spec.privileges.{name} is not a 006 privilege"))
                })?;
            privileges.push((id, u32_value(value, &format!("spec.privileges.{name}"))?));
        }
    }
    let message = crate::token::legacy006::Message {
        salt,
        ts,
        privileges,
    };
    crate::token::legacy006::build(&app_id, &app_certificate, &channel_name, &uid, &message)
}
