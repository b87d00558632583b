'use strict'
// `agora-convoai projects` and `agora-convoai check-credentials`: Agora's Console REST API
// (GET /dev/v1/projects) with Basic auth, through the addon's listProjects/checkCredentials.
const { EXIT, parse, out, printJson } = require('./cli')
const { CLIENT_OPTIONS, CLIENT_HELP, clientOptions, addonExport } = require('./client')
const { iso } = require('../../lib/time-text.js')

const PROJECTS_HELP = `Usage: agora-convoai projects [--json] [--show-certificates] [client options]

Lists the projects of the account (GET /dev/v1/projects, Basic auth with the customer
ID/secret). App Certificates are secrets: they are shown only with --show-certificates.

${CLIENT_HELP}

Exit codes: 0 ok, 1 API or network failure, 2 usage.`

const CHECK_HELP = `Usage: agora-convoai check-credentials [--json] [client options]

Checks a customer ID/secret pair with the cheapest authenticated call (the project list).

${CLIENT_HELP}

Exit codes: 0 the pair works, 1 rejected (401/403) or the check failed, 2 usage.`

const OPTIONS = { ...CLIENT_OPTIONS, json: { type: 'boolean' } }

/** The project without its certificate unless asked: a flag says whether one exists. */
function shown(project, showCertificates) {
  const { appCertificate, ...rest } = project
  return showCertificates ? project : { ...rest, hasCertificate: appCertificate !== undefined }
}

function table(projects) {
  const rows = projects.map((p) => [
    p.name,
    p.appId,
    p.enabled ? 'yes' : 'no',
    p.hasCertificate === false ? 'no' : 'yes',
    iso(p.createdAt),
    p.appCertificate ?? '',
  ])
  const head = ['NAME', 'APP ID', 'ENABLED', 'CERTIFICATE', 'CREATED', projects.some((p) => p.appCertificate) ? 'APP CERTIFICATE' : '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

const projects = {
  name: 'projects',
  summary: 'projects            list the projects of a customer ID/secret (Console API)',
  HELP: PROJECTS_HELP,
  async run(argv) {
    const { values } = parse(argv, { ...OPTIONS, 'show-certificates': { type: 'boolean' } })
    if (values.help) {
      out(PROJECTS_HELP)
      return EXIT.OK
    }
    const options = clientOptions(values, { basicOnly: true })
    const list = (await addonExport('listProjects')(options)).map((p) => shown(p, values['show-certificates'] === true))
    if (values.json) printJson(list)
    else out(list.length ? table(list) : 'No projects.')
    return EXIT.OK
  },
}

const checkCredentials = {
  name: 'check-credentials',
  summary: 'check-credentials   check a customer ID/secret pair',
  HELP: CHECK_HELP,
  async run(argv) {
    const { values } = parse(argv, OPTIONS)
    if (values.help) {
      out(CHECK_HELP)
      return EXIT.OK
    }
    const options = clientOptions(values, { basicOnly: true })
    const result = await addonExport('checkCredentials')(options)
    if (values.json) printJson(result)
    else out(result.ok ? `Credentials OK (${result.projects} project${result.projects === 1 ? '' : 's'}).` : `Credentials rejected (HTTP ${result.status}).`)
    return result.ok ? EXIT.OK : EXIT.FAILED
  },
}

module.exports = { projects, checkCredentials }
