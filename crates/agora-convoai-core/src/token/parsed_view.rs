//! The `ParsedToken` shape of api.md §2.1, written once for every output:
//! a [`Sink`] receives objects, arrays, strings and numbers in order. The
//! core's sink builds serde_json values; the Node binding's builds JS
//! objects directly (going through JSON values there cost ~15 µs a token).

use crate::token::access_token2::Parsed007;
use crate::token::legacy006::Parsed006;
use crate::token::service::{
    privilege_name, service_name, Privileges, Rtm2Permissions, ServiceBody, RTM2_PERMISSION_TYPES,
    RTM2_RESOURCE_TYPES,
};
use crate::token::signature::to_hex;

/// Receives a parsed token. Keys arrive in output order.
pub trait Sink {
    type Object;
    type Array;
    fn object(&mut self) -> Self::Object;
    fn array(&mut self, len: usize) -> Self::Array;
    fn str(&mut self, o: &mut Self::Object, key: &str, v: &str);
    /// Every number of a parsed token is an integer below 2^53.
    fn num(&mut self, o: &mut Self::Object, key: &str, v: f64);
    fn bool(&mut self, o: &mut Self::Object, key: &str, v: bool);
    fn object_field(&mut self, o: &mut Self::Object, key: &str, v: Self::Object);
    fn array_field(&mut self, o: &mut Self::Object, key: &str, v: Self::Array);
    fn push_object(&mut self, a: &mut Self::Array, v: Self::Object);
    fn push_str(&mut self, a: &mut Self::Array, v: &str);
}

/// A key that is a static name, or a number for ids without one.
fn with_key<R>(name: Option<&'static str>, id: u16, f: impl FnOnce(&str) -> R) -> R {
    match name {
        Some(name) => f(name),
        None => f(&id.to_string()),
    }
}

fn privileges<S: Sink>(
    s: &mut S,
    type_id: u16,
    p: &Privileges,
    absolute: impl Fn(u32) -> u64,
) -> (S::Object, S::Object) {
    let mut values = s.object();
    let mut expires = s.object();
    for &(id, v) in p.entries() {
        with_key(privilege_name(type_id, id), id, |key| {
            s.num(&mut values, key, f64::from(v));
            s.num(&mut expires, key, absolute(v) as f64);
        });
    }
    (values, expires)
}

fn permissions<S: Sink>(s: &mut S, p: &Rtm2Permissions) -> S::Object {
    let mut out = s.object();
    for (resource, perms) in &p.0 {
        let mut inner = s.object();
        for (permission, list) in perms {
            let mut names = s.array(list.len());
            for name in list {
                s.push_str(&mut names, name);
            }
            let key = RTM2_PERMISSION_TYPES.get(usize::from(*permission)).copied();
            with_key(key, *permission, |key| {
                s.array_field(&mut inner, key, names)
            });
        }
        let key = RTM2_RESOURCE_TYPES.get(usize::from(*resource)).copied();
        with_key(key, *resource, |key| s.object_field(&mut out, key, inner));
    }
    out
}

/// `ParsedToken` of a 007 token. A privilege's `expiresAt` is
/// `issueTs + value`, capped by the token's own expiry; value 0 (no separate
/// limit) expires with the token.
pub fn write_007<S: Sink>(s: &mut S, p: &Parsed007) -> S::Object {
    let t = &p.token;
    let token_expires_at = p.expires_at();
    let absolute = |v: u32| match v {
        0 => token_expires_at,
        v => (u64::from(t.issue_ts) + u64::from(v)).min(token_expires_at),
    };
    let mut services = s.array(t.services.len());
    for service in &t.services {
        let mut o = s.object();
        match &service.body {
            ServiceBody::Rtc { channel_name, uid } => {
                s.str(&mut o, "channelName", channel_name);
                s.str(&mut o, "uid", uid);
            }
            ServiceBody::Rtm { user_id } | ServiceBody::Chat { user_id } => {
                s.str(&mut o, "userId", user_id)
            }
            ServiceBody::Streaming {
                channel_name,
                account,
            }
            | ServiceBody::Fcdn {
                channel_name,
                account,
            } => {
                s.str(&mut o, "channelName", channel_name);
                s.str(&mut o, "account", account);
            }
            ServiceBody::Apaas {
                room_uuid,
                user_uuid,
                role,
            } => {
                s.str(&mut o, "roomUuid", room_uuid);
                s.str(&mut o, "userUuid", user_uuid);
                s.num(&mut o, "role", f64::from(*role));
            }
            ServiceBody::Rtm2 {
                user_id,
                permissions: perms,
            } => {
                s.str(&mut o, "userId", user_id);
                let perms = permissions(s, perms);
                s.object_field(&mut o, "permissions", perms);
            }
            ServiceBody::Fpa | ServiceBody::ConvoAi | ServiceBody::Stt => {}
        }
        let type_id = service.type_id();
        s.str(
            &mut o,
            "service",
            service_name(type_id).unwrap_or("unknown"),
        );
        let (values, expires) = privileges(s, type_id, &service.privileges, absolute);
        s.object_field(&mut o, "privileges", values);
        s.object_field(&mut o, "expiresAt", expires);
        s.push_object(&mut services, o);
    }
    let mut out = s.object();
    s.str(&mut out, "version", "007");
    s.str(&mut out, "appId", &t.app_id);
    s.num(&mut out, "issueTs", f64::from(t.issue_ts));
    s.num(&mut out, "expire", f64::from(t.expire));
    s.num(&mut out, "expiresAt", token_expires_at as f64);
    s.num(&mut out, "salt", f64::from(t.salt));
    s.str(&mut out, "signature", &to_hex(&p.signature));
    s.array_field(&mut out, "services", services);
    if !p.complete {
        // Parsing stopped at a service type this version does not know.
        s.bool(&mut out, "incomplete", true);
    }
    out
}

/// Privilege names of 006 tokens (token-format.md §5).
pub fn privilege_name_006(id: u16) -> Option<&'static str> {
    Some(match id {
        1 => "joinChannel",
        2 => "publishAudioStream",
        3 => "publishVideoStream",
        4 => "publishDataStream",
        5 => "publishAudioCdn",
        6 => "publishVideoCdn",
        7 => "requestPublishAudioStream",
        8 => "requestPublishVideoStream",
        9 => "requestPublishDataStream",
        10 => "invitePublishAudioStream",
        11 => "invitePublishVideoStream",
        12 => "invitePublishDataStream",
        101 => "administrateChannel",
        1000 => "rtmLogin",
        _ => return None,
    })
}

/// `ParsedToken` of a 006 token: privileges are absolute Unix seconds.
pub fn write_006<S: Sink>(s: &mut S, p: &Parsed006) -> S::Object {
    let mut privileges = s.object();
    for &(id, v) in &p.message.privileges {
        with_key(privilege_name_006(id), id, |key| {
            s.num(&mut privileges, key, f64::from(v))
        });
    }
    let services = s.array(0);
    let mut out = s.object();
    s.str(&mut out, "version", "006");
    s.str(&mut out, "appId", &p.app_id);
    s.num(&mut out, "issueTs", f64::from(p.message.ts));
    s.num(&mut out, "expiresAt", f64::from(p.message.ts));
    s.num(&mut out, "salt", f64::from(p.message.salt));
    s.str(&mut out, "signature", &to_hex(&p.signature));
    s.num(&mut out, "crcChannelName", f64::from(p.crc_channel_name));
    s.num(&mut out, "crcUid", f64::from(p.crc_uid));
    s.object_field(&mut out, "privileges", privileges);
    s.array_field(&mut out, "services", services);
    out
}
