//! The friendly RTC and RTC+RTM builders (api.md §2): defaults, Agora's
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
