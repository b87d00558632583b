'use strict'

// TLS material for `tls: true`: a throwaway certificate authority and a server certificate it
// signed, for the listening host and the loopback names. The addon makes them (rcgen in the
// Rust core, crates/agora-convoai-core/src/dev_certificates.rs), so the sandbox loads no npm
// package for TLS.
const { generateDevCertificates } = require('../index.js')

/**
 * @param {string} host the listening host, added to the certificate's names
 * @param {{ serverKey?: string }} [options] the server's PKCS#8 PEM key (tests that need RSA)
 * @returns {{ key: string, cert: string, caCertificate: string }} PEM strings
 */
function makeCertificates(host, options) {
  const { caCertificate, certificate, privateKey } = generateDevCertificates(host, options)
  return { key: privateKey, cert: certificate, caCertificate }
}

module.exports = { makeCertificates }
