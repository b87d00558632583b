'use strict'

// A throwaway certificate authority and server certificate, made at start for `tls: true`.
// Node has no certificate builder, so node-forge (pure JS, no native code) writes the X.509
// structures; the RSA keys come from node:crypto, which is far faster than forge's own keygen.
// Two certificates rather than one self-signed leaf: rustls/webpki refuses a CA certificate
// as a server certificate, and OpenSSL wants a CA as the trust anchor, so CA + leaf pleases both.
const { generateKeyPair, randomBytes } = require('node:crypto')
const { promisify } = require('node:util')
const { isIP } = require('node:net')
const forge = require('node-forge')

const generateRsa = promisify(generateKeyPair)
const DAY_MS = 24 * 3600 * 1000

async function rsaKeys() {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  return { pem: privateKey, forgePublic: forge.pki.publicKeyFromPem(publicKey), forgePrivate: forge.pki.privateKeyFromPem(privateKey) }
}

function certificate({ subject, issuer, publicKey, signingKey, extensions }) {
  const cert = forge.pki.createCertificate()
  // 16 random bytes with a first byte in 0x01..0x7f: positive (RFC 5280) and minimally DER-encoded
  // (a leading 0x00 would be a non-minimal INTEGER, which webpki rejects).
  const serial = randomBytes(16)
  serial[0] = (serial[0] & 0x7f) | 0x01
  cert.serialNumber = serial.toString('hex')
  cert.publicKey = publicKey
  const now = Date.now()
  cert.validity.notBefore = new Date(now - DAY_MS)
  cert.validity.notAfter = new Date(now + 90 * DAY_MS)
  cert.setSubject([{ name: 'commonName', value: subject }])
  cert.setIssuer([{ name: 'commonName', value: issuer }])
  cert.setExtensions(extensions)
  cert.sign(signingKey, forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

/** subjectAltName entries: localhost, the loopback addresses, and the host the sandbox listens on. */
function altNames(host) {
  const names = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ]
  if (host && host !== 'localhost' && host !== '127.0.0.1' && host !== '::1' && host !== '0.0.0.0' && host !== '::') {
    names.push(isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })
  }
  return names
}

/**
 * @param {string} host the listening host, added to the certificate's names
 * @returns {Promise<{ key: string, cert: string, caCertificate: string }>} PEM strings
 */
async function makeCertificates(host) {
  const [caKeys, serverKeys] = await Promise.all([rsaKeys(), rsaKeys()])
  const caName = 'agora-convoai-native sandbox CA'
  const caCertificate = certificate({
    subject: caName,
    issuer: caName,
    publicKey: caKeys.forgePublic,
    signingKey: caKeys.forgePrivate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  })
  const cert = certificate({
    subject: 'localhost',
    issuer: caName,
    publicKey: serverKeys.forgePublic,
    signingKey: caKeys.forgePrivate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: altNames(host) },
    ],
  })
  return { key: serverKeys.pem, cert, caCertificate }
}

module.exports = { makeCertificates }
