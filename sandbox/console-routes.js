'use strict'

// Agora's Console REST API, the part a credential check needs: GET /dev/v1/projects (docs/agents.md).

/**
 * The projects list: the project the sandbox serves first (`vendor_key` = App ID, `sign_key` =
 * certificate, enabled), then any scripted `projects` (wire shape, e.g. `created` in
 * milliseconds to test a client's normalisation).
 */
function projectsBody({ appId, appCertificate, projects, startedAt }) {
  const served = {
    id: 'sandbox',
    name: 'ConvoAI sandbox',
    vendor_key: appId,
    sign_key: appCertificate,
    recording_server: null,
    status: 1,
    created: startedAt,
  }
  return { projects: [served, ...projects.map((p) => ({ ...p }))] }
}

module.exports = { projectsBody }
