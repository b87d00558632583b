//! A throwaway certificate authority and a server certificate signed by it,
//! for a local HTTPS server (the sandbox's `tls: true`). Made with `rcgen` on
//! the `ring` that rustls already links, so the JavaScript side needs no
//! certificate library.
//!
//! Two certificates rather than one self-signed leaf: rustls/webpki refuses a
//! CA certificate used as a server certificate, and OpenSSL (Node's TLS) wants
//! a CA as the trust anchor; a CA plus a leaf pleases both. Keys are ECDSA
//! P-256, which ring generates quickly and every TLS 1.2/1.3 client accepts.

use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType, PKCS_ECDSA_P256_SHA256,
};
use time::{Duration, OffsetDateTime};

use crate::error::{Error, ErrorCode, ErrorKind, Result};

/// PEM texts of a fresh CA and of a server certificate and key it signed.
pub struct DevCertificates {
    /// The CA certificate: what clients trust (`caCertificates`, `ca`).
    pub ca_certificate: String,
    /// The server's certificate, for `host`, `localhost`, 127.0.0.1 and ::1.
    pub certificate: String,
    /// The server's private key (PKCS#8).
    pub private_key: String,
}

/// The CA and the leaf live 90 days, from a day back (clock skew).
const LIFETIME_DAYS: i64 = 90;

fn failed(what: &str, e: rcgen::Error) -> Error {
    Error::new(
        ErrorCode::InvalidArg,
        ErrorKind::Plain,
        format!("could not make the {what}: {e}"),
    )
}

fn dates(params: &mut CertificateParams) {
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(LIFETIME_DAYS);
}

fn named(common_name: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    name
}

/// The names a certificate for `host` must carry: `host` itself (an IP
/// address or a DNS name; not a wildcard address) and the loopback names a
/// local client may use.
fn subject_alt_names(host: &str) -> Result<Vec<SanType>> {
    let mut names = vec![
        SanType::DnsName(
            "localhost"
                .try_into()
                .map_err(|e| failed("server certificate", e))?,
        ),
        SanType::IpAddress(IpAddr::from([127, 0, 0, 1])),
        SanType::IpAddress(IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])),
    ];
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let extra = match host.parse::<IpAddr>() {
        // A wildcard listening address (0.0.0.0, ::) is nobody's name.
        Ok(ip) if ip.is_unspecified() => return Ok(names),
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) if is_dns_name(host) => SanType::DnsName(
            host.try_into()
                .map_err(|e| failed("server certificate", e))?,
        ),
        Err(_) => {
            return Err(Error::type_error(
                ErrorCode::InvalidArg,
                "host must be an IP address or a DNS name",
            ))
        }
    };
    if !names.contains(&extra) {
        names.push(extra);
    }
    Ok(names)
}

/// Letters, digits, `-` and `.` (RFC 1123 host names; rcgen only checks ASCII).
fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// The server's key: `server_key` (a PKCS#8 PEM of an RSA, ECDSA P-256/P-384
/// or Ed25519 key, for a test that needs one kind, such as RSA key exchange
/// suites), or a new ECDSA P-256 key.
fn server_key(server_key: Option<&str>) -> Result<KeyPair> {
    match server_key {
        None => KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|e| failed("server key", e)),
        Some(pem) => KeyPair::from_pem(pem).map_err(|_| {
            Error::type_error(
                ErrorCode::InvalidArg,
                "serverKey must be a PKCS#8 PEM private key (RSA, ECDSA P-256/P-384 or Ed25519)",
            )
        }),
    }
}

/// A new CA and a server certificate for `host` (with `server_key`, see
/// [`server_key`]), both valid from yesterday for 90 days.
pub fn generate(host: &str, server_key_pem: Option<&str>) -> Result<DevCertificates> {
    let alt_names = subject_alt_names(host)?;
    let key = server_key(server_key_pem)?;

    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|e| failed("CA key", e))?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = named("agora-convoai-native sandbox CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    dates(&mut ca);
    let ca_certificate = ca.self_signed(&ca_key).map_err(|e| failed("CA", e))?;
    let issuer = Issuer::new(ca, ca_key);

    let mut leaf = CertificateParams::default();
    leaf.distinguished_name = named("agora-convoai-native sandbox");
    leaf.subject_alt_names = alt_names;
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    dates(&mut leaf);
    let certificate = leaf
        .signed_by(&key, &issuer)
        .map_err(|e| failed("server certificate", e))?;

    Ok(DevCertificates {
        ca_certificate: ca_certificate.pem(),
        certificate: certificate.pem(),
        private_key: key.serialize_pem(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn makes_a_ca_and_a_leaf_for_the_host() {
        let certs = generate("127.0.0.1", None).ok().unwrap();
        assert!(certs
            .ca_certificate
            .starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(certs.certificate.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(certs.private_key.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_ne!(certs.ca_certificate, certs.certificate);
        let again = generate("localhost", Some(&certs.private_key))
            .ok()
            .unwrap();
        assert_eq!(
            again.private_key, certs.private_key,
            "the given key is the server's"
        );
        let bad = generate(
            "localhost",
            Some("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        );
        assert_eq!(bad.err().map(|e| e.code), Some(ErrorCode::InvalidArg));
    }

    #[test]
    fn names_cover_loopback_and_the_host_once() {
        let names = subject_alt_names("example.test").ok().unwrap();
        assert_eq!(names.len(), 4);
        assert_eq!(
            subject_alt_names("127.0.0.1").map(|n| n.len()).ok(),
            Some(3)
        );
        assert_eq!(subject_alt_names("[::1]").map(|n| n.len()).ok(), Some(3));
        assert_eq!(subject_alt_names("0.0.0.0").map(|n| n.len()).ok(), Some(3));
        assert!(subject_alt_names("not a host name").is_err());
    }
}
