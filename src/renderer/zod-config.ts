import { config } from 'zod/mini';

// zod 4 probes `new Function('')` to decide whether to compile parsers; our CSP forbids eval, so
// the probe would be reported as a violation. Parse without code generation instead. (The mini
// build's `config` is the core's one setting, which the full build reads too.)
config({ jitless: true });
