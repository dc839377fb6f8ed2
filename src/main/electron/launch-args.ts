/** The few options the window accepts, the same spelling as the CLI's global options. */
export interface LaunchArgs {
  readonly profileDir: string;
  readonly network: string;
  /** `--enable-dev-tools`: developer tools for this run only; off in every other launch. */
  readonly devTools: boolean;
}

export function parseLaunchArgs(
  argv: readonly string[],
  defaultProfile: string,
  defaultNetwork: 'devnet' | 'mainnet' = 'devnet',
): LaunchArgs {
  let profileDir = defaultProfile;
  let network: string = defaultNetwork;
  let devTools = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--profile' && next !== undefined) {
      profileDir = next;
      i++;
    } else if (arg?.startsWith('--profile=')) profileDir = arg.slice('--profile='.length);
    else if (arg === '--network' && next !== undefined) {
      network = next;
      i++;
    } else if (arg?.startsWith('--network=')) network = arg.slice('--network='.length);
    else if (arg === '--enable-dev-tools') devTools = true;
  }
  return { profileDir, network, devTools };
}
