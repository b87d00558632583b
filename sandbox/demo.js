'use strict'

/**
 * Fixed, obviously fake credentials the sandbox serves when none are given, so that a test
 * suite, `npm start` and `npx agora-convoai sandbox` agree without configuration. They are
 * valid in shape (32 hex characters) so the token builders accept them, and worthless
 * anywhere but a sandbox.
 */
const DEMO_CREDENTIALS = Object.freeze({
  appId: '0123456789abcdef0123456789abcdef',
  appCertificate: 'fedcba9876543210fedcba9876543210',
  customerId: 'sandbox-customer-id',
  customerSecret: 'sandbox-customer-secret',
})

module.exports = { DEMO_CREDENTIALS }
