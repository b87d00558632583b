//! `generateDevCertificates`: the sandbox's throwaway TLS certificates, made
//! by the core (rcgen), so the JavaScript sandbox needs no certificate library.

use agora_convoai_core::dev_certificates;
use napi::Env;
use napi_derive::napi;

use crate::error::or_throw;

/// PEM texts of a throwaway CA and a server certificate it signed.
#[napi(object)]
pub struct DevCertificates {
    /// The CA certificate: what clients trust.
    pub ca_certificate: String,
    /// The server certificate, for `host`, `localhost`, 127.0.0.1 and ::1.
    pub certificate: String,
    /// The server's private key (PKCS#8 PEM).
    pub private_key: String,
}

/// Options of {@link generateDevCertificates}.
#[napi(object, object_to_js = false)]
pub struct DevCertificateOptions {
    /// The server's private key, PKCS#8 PEM (RSA, ECDSA P-256/P-384 or
    /// Ed25519), when a test needs a kind of key; default a new ECDSA P-256 key.
    pub server_key: Option<String>,
}

/// A new certificate authority and a server certificate for `host` (an IP
/// address or a DNS name) signed by it, valid from yesterday for 90 days. For
/// local test servers such as the sandbox's `tls: true`; never for production.
///
/// @throws {TypeError} `ERR_INVALID_ARG` when `host` is neither an IP address
/// nor a DNS name, or `serverKey` is not a PKCS#8 PEM private key.
#[napi(catch_unwind)]
pub fn generate_dev_certificates(
    env: &Env,
    host: String,
    options: Option<DevCertificateOptions>,
) -> napi::Result<DevCertificates> {
    let key = options.and_then(|o| o.server_key);
    let certs = or_throw(env, dev_certificates::generate(&host, key.as_deref()))?;
    Ok(DevCertificates {
        ca_certificate: certs.ca_certificate,
        certificate: certs.certificate,
        private_key: certs.private_key,
    })
}
