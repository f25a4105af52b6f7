// Must be imported before anything that uses zod (the contract parses its defaults at import). Zod 4 compiles
// object parsers with `new Function` unless told not to; the renderer's CSP forbids eval, and probing for it
// would log a CSP violation on every start.
import { config } from 'zod';

config({ jitless: true });
