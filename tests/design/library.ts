/** The built-in library, loaded once per test file, and the host crypto provider. */
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import { loadDesignLibrary } from '../../simulator/cli/commands/design-library.js';

export const library = loadDesignLibrary('scenarios');
export const crypto = createHostCryptoProvider();
