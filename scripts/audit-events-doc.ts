// Prints docs/audit-events.md from the catalogue (src/audit/catalogue.ts): `npm run docs:audit`
// writes it, and test/unit/audit/catalogue-doc.test.ts fails when the file and this output differ.
import { writeFileSync } from 'node:fs';
import { renderAuditEventsDoc } from '../src/audit/index.js';

const target = process.argv[2];
if (target) writeFileSync(target, renderAuditEventsDoc());
else process.stdout.write(renderAuditEventsDoc());
