//! The friendly RTC and RTC+RTM builders (api.md §2): defaults, Agora's
//! naming rules and the 24 h ceiling on top of [`AccessToken2`].

use crate::error::Result;
use crate::token::access_token2::AccessToken2;
use crate::token::service::{rtc_privilege as p, Privileges, Service, ServiceBody};
use crate::validate::{self, UidInput};

pub const DEFAULT_TOKEN_EXPIRE: u32 = 3600;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RtcRole {
    /// Join and publish audio, video and data.
    #[default]
    Publisher,
    /// Join only.
    Subscriber,
}

/// Options of `buildRtcToken`, numbers as JavaScript gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct RtcTokenOptions {
    pub app_id: String,
    pub app_certificate: String,
    pub channel_name: String,
    pub uid: UidInput,
    pub role: RtcRole,
    pub token_expire: Option<f64>,
    pub privilege_expire: Option<f64>,
    /// joinChannel, publishAudio, publishVideo, publishData overrides.
    pub privilege_overrides: [Option<f64>; 4],
    pub issue_ts: Option<f64>,
    pub salt: Option<f64>,
}

impl RtcTokenOptions {
    /// Options with every optional field left to its default.
    pub fn new(app_id: &str, app_certificate: &str, channel_name: &str, uid: UidInput) -> Self {
        Self {
            app_id: app_id.to_string(),
            app_certificate: app_certificate.to_string(),
            channel_name: channel_name.to_string(),
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RtmExtras {
    pub rtm_user_id: Option<String>,
    pub rtm_token_expire: Option<f64>,
    pub convoai: bool,
}

/// The validated RTC part every friendly builder starts from.
struct RtcPlan {
    /// With its RTC service, and room for the RTM and ConvoAI ones.
    token: AccessToken2,
    certificate: String,
    /// The uid as an RTM user id, when asked for.
    uid_as_user_id: Option<String>,
    token_expire: u32,
}

const OVERRIDE_NAMES: [&str; 4] = [
    "joinChannelExpire",
    "publishAudioExpire",
    "publishVideoExpire",
    "publishDataExpire",
];

/// Takes the options by value: their strings move into the token.
fn plan_rtc(o: RtcTokenOptions, with_user_id: bool) -> Result<RtcPlan> {
    validate::app_id(&o.app_id)?;
    validate::app_certificate(&o.app_certificate)?;
    validate::channel_name(&o.channel_name)?;
    let uid = validate::uid(o.uid, "uid")?;
    let token_expire = match o.token_expire {
        Some(n) => validate::expire(n, 1, "tokenExpire")?,
        None => DEFAULT_TOKEN_EXPIRE,
    };
    let privilege_expire = match o.privilege_expire {
        Some(n) => validate::expire(n, 0, "privilegeExpire")?,
        None => token_expire,
    };
    let privileges = if o.privilege_overrides.iter().any(Option::is_some) {
        // buildTokenWithUidAndPrivilege semantics: all four, role ignored.
        let mut privileges = Privileges::new();
        for (i, value) in o.privilege_overrides.iter().enumerate() {
            let name = OVERRIDE_NAMES.get(i).copied().unwrap_or("privilege");
            let v = match value {
                Some(n) => validate::expire(*n, 0, name)?,
                None => privilege_expire,
            };
            privileges.set(i as u16 + 1, v);
        }
        privileges
    } else {
        let mut privileges = Privileges::new().with(p::JOIN_CHANNEL, privilege_expire);
        if o.role == RtcRole::Publisher {
            privileges
                .set(p::PUBLISH_AUDIO_STREAM, privilege_expire)
                .set(p::PUBLISH_VIDEO_STREAM, privilege_expire)
                .set(p::PUBLISH_DATA_STREAM, privilege_expire);
        }
        privileges
    };
    let issue_ts = validate::issue_ts(o.issue_ts)?;
    let salt = validate::salt(o.salt, validate::MAX_SALT)?;
    let uid_as_user_id = with_user_id.then(|| uid.as_user_id());
    let mut services = Vec::with_capacity(3);
    services.push(Service::new(
        ServiceBody::Rtc {
            channel_name: o.channel_name,
            uid: uid.packed,
        },
        privileges,
    ));
    Ok(RtcPlan {
        token: AccessToken2 {
            app_id: o.app_id,
            issue_ts,
            expire: token_expire,
            salt,
            services,
        },
        certificate: o.app_certificate,
        uid_as_user_id,
        token_expire,
    })
}

/// `buildRtcToken`: one RTC service.
pub fn build_rtc_token(o: RtcTokenOptions) -> Result<String> {
    let plan = plan_rtc(o, false)?;
    plan.token.build(&plan.certificate)
}

/// `buildRtcRtmToken`: RTC + RTM login [+ ConvoAI].
pub fn build_rtc_rtm_token(o: RtcTokenOptions, extras: RtmExtras) -> Result<String> {
    let mut plan = plan_rtc(o, extras.rtm_user_id.is_none())?;
    let user_id = match extras.rtm_user_id {
        Some(id) => {
            validate::account(&id, "rtmUserId")?;
            id
        }
        None => plan.uid_as_user_id.unwrap_or_default(),
    };
    let login = match extras.rtm_token_expire {
        Some(n) => validate::expire(n, 0, "rtmTokenExpire")?,
        None => plan.token_expire,
    };
    plan.token.services.push(Service::new(
        ServiceBody::Rtm { user_id },
        Privileges::new().with(1, login),
    ));
    if extras.convoai {
        plan.token
            .services
            .push(Service::new(ServiceBody::ConvoAi, Privileges::new()));
    }
    plan.token.build(&plan.certificate)
}
