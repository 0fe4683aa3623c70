// postinstall: fetch Electron's binary where the network allows, and never
// fail the install where it does not (web mode needs no binary).
import { findElectronBinary, tryInstallElectron } from './electronBinary.mjs';

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.TRELLIS_SKIP_ELECTRON) {
  console.log('trellis: skipping the Electron binary download (ELECTRON_SKIP_BINARY_DOWNLOAD is set).');
} else if (findElectronBinary()) {
  console.log('trellis: Electron binary present.');
} else {
  const result = tryInstallElectron(120_000);
  if (result.ok) console.log('trellis: Electron binary installed.');
  else
    console.log(
      `trellis: Electron's binary could not be downloaded (${result.reason}). The install is complete; \`npm start\` will serve the console in web mode.`,
    );
}
