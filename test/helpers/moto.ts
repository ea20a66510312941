/**
 * moto (PyPI `moto[server]`), an AWS emulator nobody here wrote, as a second opinion beside our
 * loopback doubles. `startMoto` runs its `ThreadedMotoServer` on 127.0.0.1 on a free port, in a
 * child process that exits when its stdin closes (so a killed test run leaves no server behind).
 *
 * Which Python: `MOTO_PYTHON` (`.ci/run` points it at a virtual environment with the pinned
 * moto), else `python3`. Without moto the suites are skipped with the reason, unless
 * `MOTO_REQUIRED=1` (set by `.ci/run` and the `test:moto` task there), which makes it a failure.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { ACCOUNT } from './request-context';

/** The moto release `.ci/run` installs; another version found locally is used, and named in the test titles. */
export const MOTO_PIN = '5.2.5';

/** The account moto answers as: the one the oracle and the handlers' tests assume. */
export const MOTO_ACCOUNT = ACCOUNT;

const python = () => process.env.MOTO_PYTHON || 'python3';

const LAUNCHER = `
import secrets, sys
from moto import __version__
from moto.server import ThreadedMotoServer
if "aws-permission-set-arns" in sys.argv[1:]:
    # moto mints arn:aws:sso:::instance/ssoins-.../ps-...; AWS mints arn:aws:sso:::permissionSet/ssoins-.../ps-...
    from moto.ssoadmin.models import PermissionSet
    PermissionSet.generate_id = staticmethod(
        lambda instance_arn: instance_arn.replace(":instance/", ":permissionSet/", 1) + "/ps-" + secrets.token_hex(8))
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print("moto %s %d" % (__version__, server.get_host_and_port()[1]), flush=True)
sys.stdin.read()
server.stop()
`;

export type MotoProbe = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly reason: string };

let probed: MotoProbe | undefined;

/** Whether `moto[server]` can be imported, and which version. */
export function probeMoto(): MotoProbe {
  if (!probed) {
    const r = spawnSync(python(), ['-c', 'import flask, flask_cors, moto.server; print(__import__("moto").__version__)'], { encoding: 'utf8' });
    probed = r.status === 0
      ? { ok: true, version: r.stdout.trim() }
      : { ok: false, reason: `${python()} cannot import moto[server] (${(r.error?.message ?? r.stderr.trim().split('\n').pop() ?? 'no output')})` };
  }
  return probed;
}

/**
 * `describe` when moto is there; otherwise a skipped suite whose title says why and how to get
 * it, or, under `MOTO_REQUIRED=1`, a suite that fails.
 */
export function describeWithMoto(name: string, fn: () => void): void {
  const probe = probeMoto();
  if (probe.ok) {
    describe(`${name} (moto ${probe.version})`, () => {
      if (process.env.MOTO_REQUIRED === '1') {
        test(`moto is the pinned ${MOTO_PIN} (MOTO_REQUIRED=1)`, () => expect(probe.version).toBe(MOTO_PIN));
      }
      fn();
    });
    return;
  }
  if (process.env.MOTO_REQUIRED === '1') {
    describe(name, () => {
      test('moto is installed (MOTO_REQUIRED=1)', () => {
        throw new Error(`${probe.reason}; install it with: pip install 'moto[server]==${MOTO_PIN}'`);
      });
    });
    return;
  }
  const why = `${name}: SKIPPED, moto is absent: ${probe.reason}; pip install 'moto[server]==${MOTO_PIN}' (or set MOTO_PYTHON) to run`;
  process.stderr.write(`\n${why}\n`);
  describe.skip(why, () => {
    test.skip('needs moto', () => undefined);
  });
}

export interface MotoOptions {
  /**
   * Make moto mint permission set ARNs in AWS's form (`arn:aws:sso:::permissionSet/ssoins-…/ps-…`,
   * the Service Authorization Reference's); moto 5.2 mints `arn:aws:sso:::instance/ssoins-…/ps-…`,
   * which the handler rightly refuses. Only the ARN's text changes.
   */
  readonly awsPermissionSetArns?: boolean;
}

export class MotoServer {
  /** Starts a fresh server; resolves once it listens. */
  public static async start(options: MotoOptions = {}): Promise<MotoServer> {
    const child = spawn(python(), ['-c', LAUNCHER, ...(options.awsPermissionSetArns ? ['aws-permission-set-arns'] : [])], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, MOTO_ACCOUNT_ID: MOTO_ACCOUNT },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += String(d);
    });
    const port = await new Promise<{ version: string; port: number }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const m = /^moto (\S+) (\d+)\n/.exec(out);
        if (m) {
          resolve({ version: m[1], port: Number(m[2]) });
        }
      });
      child.on('exit', (code) => reject(new Error(`moto exited with ${code} before listening: ${stderr.trim()}`)));
      child.on('error', reject);
    });
    return new MotoServer(child, port.version, `http://127.0.0.1:${port.port}`);
  }

  private constructor(private readonly child: ChildProcess, public readonly version: string, public readonly url: string) {}

  /** Client options for an SDK v3 client bound to moto: dummy credentials, one attempt, no call left hanging. */
  public clientConfig(maxAttempts = 1) {
    return {
      endpoint: this.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAMOTOTESTKEY00001', secretAccessKey: 'moto' },
      maxAttempts,
      requestHandler: { requestTimeout: 30_000, throwOnRequestTimeout: true },
    };
  }

  /** Forgets every resource of every service (moto's own reset API). */
  public async reset(): Promise<void> {
    const res = await fetch(`${this.url}/moto-api/reset`, { method: 'POST' });
    if (!res.ok) {
      throw new Error(`moto reset answered ${res.status}`);
    }
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
