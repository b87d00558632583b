//! The `ParsedToken` shape (`parseToken`'s result), written once for every
//! output: a [`Sink`] receives it in document order (pre-order), as a JSON
//! writer would. The core's sink builds serde_json values (spec.rs); the Node
//! binding's writes a flat record that its JavaScript half turns into
//! objects (src/token/parsed.rs and lib/parsed-token.js, which follow the
//! order of the calls below).

use crate::token::access_token2::Parsed007;
use crate::token::legacy006::Parsed006;
use crate::token::service::{
    privilege_name, service_name, Privileges, Rtm2Permissions, ServiceBody, RTM2_PERMISSION_TYPES,
    RTM2_RESOURCE_TYPES,
};
use crate::token::signature::to_hex;

/// An object key: one of this library's names, or the decimal id of a
/// privilege, resource or permission type without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Name(&'static str),
    Id(u16),
}

impl Key {
    fn of(name: Option<&'static str>, id: u16) -> Self {
        name.map_or(Self::Id(id), Self::Name)
    }
}

/// Receives a parsed token in document order: inside an object every value
/// is preceded by its key; [`end`](Sink::end) closes the innermost open
/// object or array.
///
/// Keys come in two kinds: [`field`](Sink::field)s, the fixed keys of the
/// shape, and [`entry`](Sink::entry) keys of the maps keyed by id
/// (privileges, RTM2 resource and permission types). Both default to
/// [`key`](Sink::key); a sink that knows the shape can tell them apart.
pub trait Sink {
    fn begin_object(&mut self);
    fn begin_array(&mut self);
    fn end(&mut self);
    fn key(&mut self, key: Key);
    /// A fixed key of the shape.
    fn field(&mut self, name: &'static str) {
        self.key(Key::Name(name));
    }
    /// The key of a map entry: its id, and its name when it has one.
    fn entry(&mut self, id: u16, name: Option<&'static str>) {
        self.key(Key::of(name, id));
    }
    /// Announces the type of the service whose object begins next.
    fn service(&mut self, _type_id: u16) {}
    /// Text read from the token.
    fn str(&mut self, v: &str);
    /// A constant of this library (a version or a service name), never
    /// text from the token.
    fn name(&mut self, v: &'static str);
    /// Every number of a parsed token is an integer below 2^53.
    fn num(&mut self, v: f64);
    fn bool(&mut self, v: bool);
}

fn field_str<S: Sink>(s: &mut S, key: &'static str, v: &str) {
    s.field(key);
    s.str(v);
}

fn field_num<S: Sink>(s: &mut S, key: &'static str, v: f64) {
    s.field(key);
    s.num(v);
}

/// `privileges` and `expiresAt` of a service.
fn privileges<S: Sink>(s: &mut S, type_id: u16, p: &Privileges, absolute: impl Fn(u32) -> u64) {
    s.field("privileges");
    s.begin_object();
    for &(id, v) in p.entries() {
        s.entry(id, privilege_name(type_id, id));
        s.num(f64::from(v));
    }
    s.end();
    s.field("expiresAt");
    s.begin_object();
    for &(id, v) in p.entries() {
        s.entry(id, privilege_name(type_id, id));
        s.num(absolute(v) as f64);
    }
    s.end();
}

fn permissions<S: Sink>(s: &mut S, p: &Rtm2Permissions) {
    s.begin_object();
    for (resource, perms) in &p.0 {
        let name = RTM2_RESOURCE_TYPES.get(usize::from(*resource)).copied();
        s.entry(*resource, name);
        s.begin_object();
        for (permission, list) in perms {
            let name = RTM2_PERMISSION_TYPES.get(usize::from(*permission)).copied();
            s.entry(*permission, name);
            s.begin_array();
            for name in list {
                s.str(name);
            }
            s.end();
        }
        s.end();
    }
    s.end();
}

fn service_body<S: Sink>(s: &mut S, body: &ServiceBody) {
    match body {
        ServiceBody::Rtc { channel_name, uid } => {
            field_str(s, "channelName", channel_name);
            field_str(s, "uid", uid);
        }
        ServiceBody::Rtm { user_id } | ServiceBody::Chat { user_id } => {
            field_str(s, "userId", user_id)
        }
        ServiceBody::Streaming {
            channel_name,
            account,
        }
        | ServiceBody::Fcdn {
            channel_name,
            account,
        } => {
            field_str(s, "channelName", channel_name);
            field_str(s, "account", account);
        }
        ServiceBody::Apaas {
            room_uuid,
            user_uuid,
            role,
        } => {
            field_str(s, "roomUuid", room_uuid);
            field_str(s, "userUuid", user_uuid);
            field_num(s, "role", f64::from(*role));
        }
        ServiceBody::Rtm2 {
            user_id,
            permissions: perms,
        } => {
            field_str(s, "userId", user_id);
            s.field("permissions");
            permissions(s, perms);
        }
        ServiceBody::Fpa | ServiceBody::ConvoAi | ServiceBody::Stt => {}
    }
}

/// `ParsedToken` of a 007 token. A privilege's `expiresAt` is
/// `issueTs + value`, capped by the token's own expiry; value 0 (no separate
/// limit) expires with the token.
pub fn write_007<S: Sink>(s: &mut S, p: &Parsed007) {
    let t = &p.token;
    let token_expires_at = p.expires_at();
    let absolute = |v: u32| match v {
        0 => token_expires_at,
        v => (u64::from(t.issue_ts) + u64::from(v)).min(token_expires_at),
    };
    s.begin_object();
    s.field("version");
    s.name("007");
    field_str(s, "appId", &t.app_id);
    field_num(s, "issueTs", f64::from(t.issue_ts));
    field_num(s, "expire", f64::from(t.expire));
    field_num(s, "expiresAt", token_expires_at as f64);
    field_num(s, "salt", f64::from(t.salt));
    field_str(s, "signature", &to_hex(p.signature()));
    s.field("services");
    s.begin_array();
    for service in &t.services {
        let type_id = service.type_id();
        s.service(type_id);
        s.begin_object();
        service_body(s, &service.body);
        s.field("service");
        s.name(service_name(type_id).unwrap_or("unknown"));
        privileges(s, type_id, &service.privileges, absolute);
        s.end();
    }
    s.end();
    if !p.complete {
        // Parsing stopped at a service type this version does not know.
        s.field("incomplete");
        s.bool(true);
    }
    s.end();
}

/// Privilege names of 006 tokens by id.
pub const PRIVILEGES_006: [(u16, &str); 14] = [
    (1, "joinChannel"),
    (2, "publishAudioStream"),
    (3, "publishVideoStream"),
    (4, "publishDataStream"),
    (5, "publishAudioCdn"),
    (6, "publishVideoCdn"),
    (7, "requestPublishAudioStream"),
    (8, "requestPublishVideoStream"),
    (9, "requestPublishDataStream"),
    (10, "invitePublishAudioStream"),
    (11, "invitePublishVideoStream"),
    (12, "invitePublishDataStream"),
    (101, "administrateChannel"),
    (1000, "rtmLogin"),
];

/// The name of a 006 privilege id.
pub fn privilege_name_006(id: u16) -> Option<&'static str> {
    PRIVILEGES_006
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| *n)
}

/// `ParsedToken` of a 006 token: privileges are absolute Unix seconds.
pub fn write_006<S: Sink>(s: &mut S, p: &Parsed006) {
    s.begin_object();
    s.field("version");
    s.name("006");
    field_str(s, "appId", &p.app_id);
    field_num(s, "issueTs", f64::from(p.message.ts));
    field_num(s, "expiresAt", f64::from(p.message.ts));
    field_num(s, "salt", f64::from(p.message.salt));
    field_str(s, "signature", &to_hex(&p.signature));
    field_num(s, "crcChannelName", f64::from(p.crc_channel_name));
    field_num(s, "crcUid", f64::from(p.crc_uid));
    s.field("privileges");
    s.begin_object();
    for &(id, v) in &p.message.privileges {
        s.entry(id, privilege_name_006(id));
        s.num(f64::from(v));
    }
    s.end();
    s.field("services");
    s.begin_array();
    s.end();
    s.end();
}
