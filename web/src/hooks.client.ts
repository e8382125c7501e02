import { z } from 'zod';

// Runs before any route module, so before any schema is built: zod must not probe `new Function`,
// which the Content-Security-Policy (no 'unsafe-eval') refuses and reports as a violation on every load.
z.config({ jitless: true });
