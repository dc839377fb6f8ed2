import { z } from 'zod';

// zod 4 probes `new Function('')` to decide whether to compile parsers; our CSP forbids eval, so
// the probe would be reported as a violation. Parse without code generation instead.
z.config({ jitless: true });
