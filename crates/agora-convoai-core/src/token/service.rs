//! The ten AccessToken2 services (docs/token-format.md, "Services"): their type ids,
//! privilege names and the tail each packs after its privilege map.

use crate::error::Result;
use crate::token::pack::{sorted_merged, Reader, Writer};

/// Ordered privilege map: keys ascending and unique, as every official
/// implementation writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Privileges(Vec<(u16, u32)>);

impl Privileges {
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets a privilege; re-adding a key overwrites it (like the official maps).
    pub fn set(&mut self, key: u16, value: u32) -> &mut Self {
        match self.0.binary_search_by_key(&key, |&(k, _)| k) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => self.0.insert(i, (key, value)),
        }
        self
    }
    pub fn with(mut self, key: u16, value: u32) -> Self {
        self.set(key, value);
        self
    }
    pub fn entries(&self) -> &[(u16, u32)] {
        &self.0
    }
    /// Number of privileges.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// RTM2 permission block: resource type → permission type → resources.
/// Types are kept sorted (as on the wire); resources keep insertion order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rtm2Permissions(pub Vec<(u16, Rtm2ByPermission)>);

/// Permission type → resource names, sorted by type.
pub type Rtm2ByPermission = Vec<(u16, Vec<String>)>;

pub const RTM2_RESOURCE_TYPES: [&str; 5] = [
    "messageChannels",
    "streamChannels",
    "groupChannels",
    "serverGroups",
    "users",
];
pub const RTM2_PERMISSION_TYPES: [&str; 2] = ["read", "write"];

impl Rtm2Permissions {
    /// Appends resources under (resource type, permission type).
    pub fn add(
        &mut self,
        resource: u16,
        permission: u16,
        resources: impl IntoIterator<Item = String>,
    ) {
        let by_resource = match self.0.binary_search_by_key(&resource, |(k, _)| *k) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (resource, Vec::new()));
                i
            }
        };
        if let Some((_, perms)) = self.0.get_mut(by_resource) {
            add_to(perms, permission, resources);
        }
    }

    /// Resource types, permission types and resource names in all: what
    /// the entry budget of [`limits`](crate::token::limits) counts.
    pub fn entries(&self) -> usize {
        let by_permission = |perms: &Rtm2ByPermission| {
            perms.len() + perms.iter().map(|(_, list)| list.len()).sum::<usize>()
        };
        self.0.len() + self.0.iter().map(|(_, p)| by_permission(p)).sum::<usize>()
    }

    fn pack(&self, w: &mut Writer) -> Result<()> {
        w.count(self.0.len(), "RTM2 permissions")?;
        for (resource, perms) in &self.0 {
            w.u16(*resource);
            w.count(perms.len(), "an RTM2 resource type")?;
            for (permission, list) in perms {
                w.u16(*permission);
                w.count(list.len(), "an RTM2 resource list")?;
                for item in list {
                    w.str(item, "an RTM2 resource name")?;
                }
            }
        }
        Ok(())
    }

    /// Reads the block; types out of order (no official writer packs them
    /// so) are sorted and equal ones merged, as [`add`](Self::add) does,
    /// in O(n log n).
    fn unpack(r: &mut Reader<'_>) -> Result<Self> {
        // A resource type and a permission type take at least 4 bytes
        // (type, count), a name 2 (its length).
        let resources = r.count(4)?;
        let mut out = Vec::with_capacity(resources);
        for _ in 0..resources {
            let resource = r.u16()?;
            let permissions = r.count(4)?;
            let mut perms = Vec::with_capacity(permissions);
            for _ in 0..permissions {
                let permission = r.u16()?;
                let names = r.count(2)?;
                let list = (0..names).map(|_| r.string()).collect::<Result<_>>()?;
                perms.push((permission, list));
            }
            out.push((resource, perms));
        }
        let by_resource = sorted_merged(out, Vec::extend);
        Ok(Self(
            by_resource
                .into_iter()
                .map(|(resource, perms)| (resource, sorted_merged(perms, Vec::extend)))
                .collect(),
        ))
    }
}

/// Appends `resources` under `permission`, kept sorted by permission type.
fn add_to(
    perms: &mut Rtm2ByPermission,
    permission: u16,
    resources: impl IntoIterator<Item = String>,
) {
    let at = match perms.binary_search_by_key(&permission, |(k, _)| *k) {
        Ok(i) => i,
        Err(i) => {
            perms.insert(i, (permission, Vec::new()));
            i
        }
    };
    if let Some((_, list)) = perms.get_mut(at) {
        list.extend(resources);
    }
}

/// What a service packs after its privilege map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceBody {
    Rtc {
        channel_name: String,
        uid: String,
    },
    Rtm {
        user_id: String,
    },
    Streaming {
        channel_name: String,
        account: String,
    },
    Fpa,
    Chat {
        user_id: String,
    },
    Fcdn {
        channel_name: String,
        account: String,
    },
    Apaas {
        room_uuid: String,
        user_uuid: String,
        role: i16,
    },
    Rtm2 {
        user_id: String,
        permissions: Rtm2Permissions,
    },
    ConvoAi,
    Stt,
}

/// Service type ids on the wire.
pub mod kind {
    pub const RTC: u16 = 1;
    pub const RTM: u16 = 2;
    pub const STREAMING: u16 = 3;
    pub const FPA: u16 = 4;
    pub const CHAT: u16 = 5;
    pub const FCDN: u16 = 6;
    pub const APAAS: u16 = 7;
    pub const RTM2: u16 = 8;
    pub const CONVOAI: u16 = 9;
    pub const STT: u16 = 10;
}

/// Privilege ids of the RTC service.
pub mod rtc_privilege {
    pub const JOIN_CHANNEL: u16 = 1;
    pub const PUBLISH_AUDIO_STREAM: u16 = 2;
    pub const PUBLISH_VIDEO_STREAM: u16 = 3;
    pub const PUBLISH_DATA_STREAM: u16 = 4;
}

/// A service: its privileges and its tail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub privileges: Privileges,
    pub body: ServiceBody,
}

impl ServiceBody {
    pub fn type_id(&self) -> u16 {
        match self {
            Self::Rtc { .. } => kind::RTC,
            Self::Rtm { .. } => kind::RTM,
            Self::Streaming { .. } => kind::STREAMING,
            Self::Fpa => kind::FPA,
            Self::Chat { .. } => kind::CHAT,
            Self::Fcdn { .. } => kind::FCDN,
            Self::Apaas { .. } => kind::APAAS,
            Self::Rtm2 { .. } => kind::RTM2,
            Self::ConvoAi => kind::CONVOAI,
            Self::Stt => kind::STT,
        }
    }

    /// The name used in `ServiceSpec.service` (types/header.d.ts).
    pub fn name(&self) -> &'static str {
        service_name(self.type_id()).unwrap_or("unknown")
    }

    fn pack_tail(&self, w: &mut Writer) -> Result<()> {
        match self {
            Self::Rtc { channel_name, uid } => rtc_tail(w, channel_name, uid),
            Self::Rtm { user_id } | Self::Chat { user_id } => user_tail(w, user_id),
            Self::Streaming {
                channel_name,
                account,
            }
            | Self::Fcdn {
                channel_name,
                account,
            } => {
                w.str(channel_name, "channelName")?;
                w.str(account, "account")
            }
            Self::Apaas {
                room_uuid,
                user_uuid,
                role,
            } => {
                w.str(room_uuid, "roomUuid")?;
                w.str(user_uuid, "userUuid")?;
                w.i16(*role);
                Ok(())
            }
            Self::Rtm2 {
                user_id,
                permissions,
            } => {
                w.str(user_id, "userId")?;
                permissions.pack(w)
            }
            Self::Fpa | Self::ConvoAi | Self::Stt => Ok(()),
        }
    }

    /// Reads the tail of service `type_id`; `Ok(None)` for a type this
    /// library does not know (the caller stops parsing, as the official
    /// parsers do: the tail's length cannot be known).
    fn unpack_tail(type_id: u16, r: &mut Reader<'_>) -> Result<Option<Self>> {
        Ok(Some(match type_id {
            kind::RTC => Self::Rtc {
                channel_name: r.string()?,
                uid: r.string()?,
            },
            kind::RTM => Self::Rtm {
                user_id: r.string()?,
            },
            kind::STREAMING => Self::Streaming {
                channel_name: r.string()?,
                account: r.string()?,
            },
            kind::FPA => Self::Fpa,
            kind::CHAT => Self::Chat {
                user_id: r.string()?,
            },
            kind::FCDN => Self::Fcdn {
                channel_name: r.string()?,
                account: r.string()?,
            },
            kind::APAAS => Self::Apaas {
                room_uuid: r.string()?,
                user_uuid: r.string()?,
                role: r.i16()?,
            },
            kind::RTM2 => Self::Rtm2 {
                user_id: r.string()?,
                permissions: Rtm2Permissions::unpack(r)?,
            },
            kind::CONVOAI => Self::ConvoAi,
            kind::STT => Self::Stt,
            _ => return Ok(None),
        }))
    }
}

/// Packs one service: its type, its privilege map (sorted, unique keys),
/// then the tail `write_tail` packs. The friendly builders call this with
/// borrowed parts; [`Service`] with its own.
pub(crate) fn pack_service(
    w: &mut Writer,
    type_id: u16,
    privileges: &[(u16, u32)],
    write_tail: impl FnOnce(&mut Writer) -> Result<()>,
) -> Result<()> {
    w.u16(type_id);
    w.map(privileges)?;
    write_tail(w)
}

/// The tail of an RTC service.
pub(crate) fn rtc_tail(w: &mut Writer, channel_name: &str, uid: &str) -> Result<()> {
    w.str(channel_name, "channelName")?;
    w.str(uid, "uid")
}

/// The tail of an RTM or Chat service.
pub(crate) fn user_tail(w: &mut Writer, user_id: &str) -> Result<()> {
    w.str(user_id, "userId")
}

/// The `ServiceSpec.service` name of a service type (types/header.d.ts).
pub fn service_name(type_id: u16) -> Option<&'static str> {
    Some(match type_id {
        kind::RTC => "rtc",
        kind::RTM => "rtm",
        kind::STREAMING => "streaming",
        kind::FPA => "fpa",
        kind::CHAT => "chat",
        kind::FCDN => "fcdn",
        kind::APAAS => "apaas",
        kind::RTM2 => "rtm2",
        kind::CONVOAI => "convoai",
        kind::STT => "stt",
        _ => return None,
    })
}

/// Privilege names (docs/tokens.md) by service type, indexed by privilege id.
pub fn privilege_names(type_id: u16) -> &'static [(u16, &'static str)] {
    match type_id {
        kind::RTC => &[
            (1, "joinChannel"),
            (2, "publishAudioStream"),
            (3, "publishVideoStream"),
            (4, "publishDataStream"),
        ],
        kind::RTM | kind::FPA | kind::RTM2 => &[(1, "login")],
        kind::STREAMING => &[(1, "publishMixStream"), (2, "publishRawStream")],
        kind::CHAT => &[(1, "user"), (2, "app")],
        kind::FCDN => &[(1, "publish"), (2, "play")],
        kind::APAAS => &[(1, "roomUser"), (2, "user"), (3, "app")],
        _ => &[],
    }
}

pub fn privilege_id(type_id: u16, name: &str) -> Option<u16> {
    privilege_names(type_id)
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(id, _)| *id)
}

pub fn privilege_name(type_id: u16, id: u16) -> Option<&'static str> {
    privilege_names(type_id)
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| *n)
}

impl Service {
    pub fn new(body: ServiceBody, privileges: Privileges) -> Self {
        Self { privileges, body }
    }
    pub fn type_id(&self) -> u16 {
        self.body.type_id()
    }
    /// Privileges and RTM2 permission entries: what the entry budget of
    /// [`limits`](crate::token::limits) counts.
    pub fn entries(&self) -> usize {
        let permissions = match &self.body {
            ServiceBody::Rtm2 { permissions, .. } => permissions.entries(),
            _ => 0,
        };
        self.privileges.len() + permissions
    }
    pub(crate) fn pack(&self, w: &mut Writer) -> Result<()> {
        pack_service(w, self.type_id(), self.privileges.entries(), |w| {
            self.body.pack_tail(w)
        })
    }
    /// Reads one service; `Ok(None)` when its type is unknown.
    pub(crate) fn unpack(r: &mut Reader<'_>) -> Result<Option<Self>> {
        let type_id = r.u16()?;
        let privileges = Privileges(r.map()?);
        Ok(ServiceBody::unpack_tail(type_id, r)?.map(|body| Self { privileges, body }))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn privileges_stay_sorted_and_overwrite() {
        let p = Privileges::new().with(4, 1).with(1, 2).with(4, 3);
        assert_eq!(p.entries(), &[(1, 2), (4, 3)]);
    }

    #[test]
    fn rtm2_permissions_sort_types_and_keep_resource_order() {
        let mut p = Rtm2Permissions::default();
        p.add(4, 1, ["b".to_string()]);
        p.add(0, 0, ["z".to_string(), "a".to_string()]);
        p.add(4, 0, ["c".to_string()]);
        p.add(4, 1, ["a".to_string()]);
        let mut w = Writer::default();
        p.pack(&mut w).ok();
        let back = Rtm2Permissions::unpack(&mut Reader::new(&w.buf));
        assert_eq!(back, Ok(p.clone()));
        assert_eq!(p.0[1].1[1].1, vec!["b".to_string(), "a".to_string()]);
    }

    #[test]
    fn names_cover_all_ten_services() {
        for t in 1..=10 {
            assert!(service_name(t).is_some());
        }
        assert_eq!(service_name(11), None);
        assert_eq!(privilege_id(kind::RTC, "publishDataStream"), Some(4));
        assert_eq!(privilege_name(kind::APAAS, 3), Some("app"));
    }
}
