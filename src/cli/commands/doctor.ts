/**
 * `doctor`: checks, read-only, that the configured tenant (or the sandbox of `--tenant-fixture`) lets the app do
 * its job, and names each missing permission. Prints where it connects and with which kind of credential, never
 * the credential nor a token.
 */
import type { AppConfig } from '../../config.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { runDoctorChecks, type DoctorCheck } from '../doctor-checks.ts';
import { EXIT, type CliIo } from '../io.ts';
import { openConfiguredTenantSession, openSandboxSession, type TenantSession } from '../../wiring/tenant-session.ts';

export interface DoctorCommandOptions {
  /** @default openSandboxSession */
  openSandbox?: (fixturePath: string) => Promise<TenantSession>;
  /** @default openConfiguredTenantSession (a usage error when no tenant is configured) */
  openTenant?: (config: AppConfig) => Promise<TenantSession>;
}

export interface DoctorTarget {
  mode: TenantSession['mode'];
  tenantId: string;
  clientId: string | null;
  exchangeBaseUrl: string;
  graphBaseUrl: string;
  credential: string;
}

export async function runDoctorCommand(
  argv: readonly string[],
  io: CliIo,
  config: AppConfig,
  options: DoctorCommandOptions = {},
): Promise<number> {
  const args = parseArgs(argv, { values: ['tenant-fixture'], booleans: ['json'] });
  if (args.positionals.length > 0) throw new UsageError('doctor takes no file: only --tenant-fixture and --json.');
  const fixture = stringFlag(args, 'tenant-fixture');
  const session =
    fixture !== undefined
      ? await (options.openSandbox ?? openSandboxSession)(fixture)
      : await (options.openTenant ?? openConfiguredTenantSession)(config);
  try {
    const target = describeTarget(session, config);
    const checks = await runDoctorChecks(
      { tokens: session.tokens, invokeCommand: session.connection.invokeCommand, graph: session.connection.graph },
      { temporaryAccessPass: config.issueTemporaryAccessPass },
    );
    const ok = checks.every((check) => check.ok);
    io.stdout.write(
      args.flags.has('json') ? `${JSON.stringify({ ...target, ok, checks })}\n` : formatReport(target, checks),
    );
    return ok ? EXIT.ok : EXIT.problems;
  } finally {
    await session.close();
  }
}

function describeTarget(session: TenantSession, config: AppConfig): DoctorTarget {
  if (session.sandbox !== null) {
    const { tenantId, exchangeBaseUrl, graphBaseUrl } = session.sandbox;
    return { mode: 'sandbox', tenantId, clientId: null, exchangeBaseUrl, graphBaseUrl, credential: 'sandbox token' };
  }
  const tenant = config.tenant;
  return {
    mode: session.mode,
    tenantId: tenant?.tenantId ?? 'unknown',
    clientId: tenant?.clientId ?? null,
    exchangeBaseUrl: tenant?.exchangeBaseUrl ?? 'unknown',
    graphBaseUrl: tenant?.graphBaseUrl ?? 'unknown',
    // The kind only: the certificate path is not secret, the key and the client secret are.
    credential: tenant?.certificatePath ? `certificate (${tenant.certificatePath})` : 'client secret',
  };
}

function formatReport(target: DoctorTarget, checks: readonly DoctorCheck[]): string {
  const app = target.clientId === null ? '' : `, app ${target.clientId}`;
  const failed = checks.filter((check) => !check.ok).length;
  const lines = [
    `Tenant ${target.tenantId} (${target.mode}${app}, credential: ${target.credential})`,
    `  Exchange Online: ${target.exchangeBaseUrl}`,
    `  Microsoft Graph: ${target.graphBaseUrl}`,
    ...checks.map((check) => `${check.ok ? '✔' : '✖'} ${check.name} — ${check.detail}`),
    failed === 0
      ? `All ${checks.length} checks passed. Doctor only reads: it changed nothing in the tenant.`
      : `${failed} of ${checks.length} checks failed. Doctor only reads: it changed nothing in the tenant.`,
  ];
  return `${lines.join('\n')}\n`;
}
