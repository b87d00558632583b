//! The friendly RTC and RTC+RTM builders (docs/tokens.md): defaults, Agora's
//! naming rules and the 24 h ceiling. They run on every request of a token
//! server, so they borrow their options and pack them straight into the
//! token's content: no [`AccessToken2`](super::access_token2::AccessToken2)
//! in between, no copy of a string.

use crate::error::Result;
use crate::token::access_token2::{signed_content, wrap, Header};
use crate::token::pack::Writer;
use crate::token::service::{kind, pack_service, rtc_privilege as p, rtc_tail, user_tail};
use crate::validate::{self, Uid, UidArg};

pub const DEFAULT_TOKEN_EXPIRE: u32 = 3600;
/// The RTM service's one privilege.
const RTM_LOGIN: u16 = 1;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RtcRole {
    /// Join and publish audio, video and data.
    #[default]
    Publisher,
    /// Join only.
    Subscriber,
}

/// Options of `buildRtcToken`, numbers as JavaScript gives them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RtcTokenOptions<'a> {
    pub app_id: &'a str,
    pub app_certificate: &'a str,
    pub channel_name: &'a str,
    pub uid: UidArg<'a>,
    pub role: RtcRole,
    pub token_expire: Option<f64>,
    pub privilege_expire: Option<f64>,
    /// joinChannel, publishAudio, publishVideo, publishData overrides.
    pub privilege_overrides: [Option<f64>; 4],
    pub issue_ts: Option<f64>,
    pub salt: Option<f64>,
}

impl<'a> RtcTokenOptions<'a> {
    /// Options with every optional field left to its default.
    pub fn new(
        app_id: &'a str,
        app_certificate: &'a str,
        channel_name: &'a str,
        uid: UidArg<'a>,
    ) -> Self {
        Self {
            app_id,
            app_certificate,
            channel_name,
            uid,
            role: RtcRole::Publisher,
            token_expire: None,
            privilege_expire: None,
            privilege_overrides: [None; 4],
            issue_ts: None,
            salt: None,
        }
    }
}

/// Extra options of `buildRtcRtmToken`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RtmExtras<'a> {
    pub rtm_user_id: Option<&'a str>,
    pub rtm_token_expire: Option<f64>,
    pub convoai: bool,
}

const OVERRIDE_NAMES: [&str; 4] = [
    "joinChannelExpire",
    "publishAudioExpire",
    "publishVideoExpire",
    "publishDataExpire",
];

/// The validated RTC part every friendly builder starts from.
struct RtcPlan<'a> {
    header: Header<'a>,
    certificate: &'a str,
    channel_name: &'a str,
    uid: Uid<'a>,
    /// Privilege ids 1..=4 in order: joinChannel alone (`privilege_count`
    /// 1) or all four.
    privileges: [(u16, u32); 4],
    privilege_count: usize,
}

fn plan_rtc(o: RtcTokenOptions) -> Result<RtcPlan> {
    validate::app_id(o.app_id)?;
    validate::app_certificate(o.app_certificate)?;
    validate::channel_name(o.channel_name)?;
    let uid = validate::uid(o.uid, "uid")?;
    let token_expire = match o.token_expire {
        Some(n) => validate::expire(n, 1, "tokenExpire")?,
        None => DEFAULT_TOKEN_EXPIRE,
    };
    let privilege_expire = match o.privilege_expire {
        Some(n) => validate::expire(n, 0, "privilegeExpire")?,
        None => token_expire,
    };
    let mut privileges = [
        (p::JOIN_CHANNEL, privilege_expire),
        (p::PUBLISH_AUDIO_STREAM, privilege_expire),
        (p::PUBLISH_VIDEO_STREAM, privilege_expire),
        (p::PUBLISH_DATA_STREAM, privilege_expire),
    ];
    let privilege_count = if o.privilege_overrides.iter().any(Option::is_some) {
        // buildTokenWithUidAndPrivilege semantics: all four, role ignored.
        for ((slot, value), name) in privileges
            .iter_mut()
            .zip(o.privilege_overrides)
            .zip(OVERRIDE_NAMES)
        {
            if let Some(n) = value {
                slot.1 = validate::expire(n, 0, name)?;
            }
        }
        4
    } else if o.role == RtcRole::Publisher {
        4
    } else {
        1
    };
    Ok(RtcPlan {
        header: Header {
            app_id: o.app_id,
            issue_ts: validate::issue_ts(o.issue_ts)?,
            expire: token_expire,
            salt: validate::salt(o.salt, validate::MAX_SALT)?,
        },
        certificate: o.app_certificate,
        channel_name: o.channel_name,
        uid,
        privileges,
        privilege_count,
    })
}

impl RtcPlan<'_> {
    /// The token of the RTC service followed by the `more` services (of
    /// higher types) that `write_more` packs.
    fn build(
        &self,
        more: usize,
        write_more: impl FnOnce(&mut Writer) -> Result<()>,
    ) -> Result<String> {
        let privileges = self.privileges.get(..self.privilege_count);
        let content = signed_content(self.header, self.certificate, 1 + more, |w| {
            pack_service(w, kind::RTC, privileges.unwrap_or_default(), |w| {
                rtc_tail(w, self.channel_name, self.uid.packed())
            })?;
            write_more(w)
        })?;
        Ok(wrap(&content))
    }
}

/// `buildRtcToken`: one RTC service.
pub fn build_rtc_token(o: RtcTokenOptions) -> Result<String> {
    plan_rtc(o)?.build(0, |_| Ok(()))
}

/// `buildRtcRtmToken`: RTC + RTM login [+ ConvoAI].
pub fn build_rtc_rtm_token(o: RtcTokenOptions, extras: RtmExtras) -> Result<String> {
    let plan = plan_rtc(o)?;
    let user_id = match extras.rtm_user_id {
        Some(id) => {
            validate::account(id, "rtmUserId")?;
            id
        }
        None => plan.uid.as_user_id(),
    };
    let login = match extras.rtm_token_expire {
        Some(n) => validate::expire(n, 0, "rtmTokenExpire")?,
        None => plan.header.expire,
    };
    plan.build(1 + usize::from(extras.convoai), |w| {
        pack_service(w, kind::RTM, &[(RTM_LOGIN, login)], |w| {
            user_tail(w, user_id)
        })?;
        if extras.convoai {
            pack_service(w, kind::CONVOAI, &[], |_| Ok(()))?;
        }
        Ok(())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::token::access_token2::{unwrap, AccessToken2};
    use crate::token::service::{Privileges, Service, ServiceBody};

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    /// The same token through the generic [`AccessToken2`]: services and
    /// privileges spelled out by hand from docs/tokens.md.
    fn generic(o: &RtcTokenOptions, rtm: Option<(&str, u32, bool)>) -> Vec<u8> {
        let expire = o.token_expire.map_or(DEFAULT_TOKEN_EXPIRE, |n| n as u32);
        let privilege = o.privilege_expire.map_or(expire, |n| n as u32);
        let mut privileges = Privileges::new();
        if o.privilege_overrides.iter().any(Option::is_some) {
            for (id, value) in (1..).zip(o.privilege_overrides) {
                privileges.set(id, value.map_or(privilege, |n| n as u32));
            }
        } else {
            let ids = if o.role == RtcRole::Publisher {
                1..=4
            } else {
                1..=1
            };
            for id in ids {
                privileges.set(id, privilege);
            }
        }
        let uid = match o.uid {
            UidArg::Number(0.0) => String::new(),
            UidArg::Number(n) => (n as u32).to_string(),
            UidArg::Account(s) => s.to_owned(),
        };
        let rtc = ServiceBody::Rtc {
            channel_name: o.channel_name.to_owned(),
            uid,
        };
        let mut services = vec![Service::new(rtc, privileges)];
        if let Some((user_id, login, convoai)) = rtm {
            let body = ServiceBody::Rtm {
                user_id: user_id.to_owned(),
            };
            services.push(Service::new(body, Privileges::new().with(1, login)));
            if convoai {
                services.push(Service::new(ServiceBody::ConvoAi, Privileges::new()));
            }
        }
        let token = AccessToken2 {
            app_id: APP_ID.to_owned(),
            issue_ts: o.issue_ts.unwrap_or_default() as u32,
            expire,
            salt: o.salt.unwrap_or_default() as u32,
            services,
        };
        token.content(CERT).unwrap()
    }

    #[test]
    fn friendly_builders_pack_what_the_generic_token_packs() {
        let uids = [
            UidArg::Number(0.0),
            UidArg::Number(4294967295.0),
            UidArg::Account("0"),
            UidArg::Account("user-3f2504e0-4f89-11d3"),
        ];
        let overrides = [
            [None; 4],
            [Some(60.0), None, Some(0.0), None],
            [None, None, None, Some(86400.0)],
        ];
        for (uid, role, overrides) in uids.into_iter().flat_map(|uid| {
            [RtcRole::Publisher, RtcRole::Subscriber]
                .into_iter()
                .flat_map(move |role| overrides.map(|o| (uid, role, o)))
        }) {
            let mut o = RtcTokenOptions::new(APP_ID, CERT, "room 1", uid);
            o.role = role;
            o.privilege_overrides = overrides;
            o.token_expire = Some(600.0);
            o.privilege_expire = Some(300.0);
            o.issue_ts = Some(1_700_000_000.0);
            o.salt = Some(7.0);
            let rtc = build_rtc_token(o).unwrap();
            assert_eq!(unwrap(&rtc).unwrap(), generic(&o, None));
            let user_id = match uid {
                UidArg::Number(n) => (n as u32).to_string(),
                UidArg::Account(s) => s.to_owned(),
            };
            for (extras, rtm) in [
                (RtmExtras::default(), (user_id.as_str(), 600, false)),
                (
                    RtmExtras {
                        rtm_user_id: Some("someone-else"),
                        rtm_token_expire: Some(30.0),
                        convoai: true,
                    },
                    ("someone-else", 30, true),
                ),
            ] {
                let token = build_rtc_rtm_token(o, extras).unwrap();
                assert_eq!(unwrap(&token).unwrap(), generic(&o, Some(rtm)));
            }
        }
    }

    #[test]
    fn options_are_checked_in_declaration_order() {
        let mut o = RtcTokenOptions::new(APP_ID, "bad", "bad/channel", UidArg::Number(-1.0));
        let code = |o, extras| build_rtc_rtm_token(o, extras).map_err(|e| e.code);
        assert_eq!(
            code(o, RtmExtras::default()),
            Err(crate::ErrorCode::InvalidAppCertificate)
        );
        o.app_certificate = CERT;
        assert_eq!(
            code(o, RtmExtras::default()),
            Err(crate::ErrorCode::InvalidChannelName)
        );
        o.channel_name = "c";
        assert_eq!(
            code(o, RtmExtras::default()),
            Err(crate::ErrorCode::InvalidUid)
        );
        o.uid = UidArg::Number(1.0);
        let bad_user = RtmExtras {
            rtm_user_id: Some(""),
            ..RtmExtras::default()
        };
        assert_eq!(code(o, bad_user), Err(crate::ErrorCode::InvalidUid));
        let bad_login = RtmExtras {
            rtm_token_expire: Some(1_700_000_000.0),
            ..RtmExtras::default()
        };
        assert_eq!(code(o, bad_login), Err(crate::ErrorCode::InvalidExpire));
    }
}
