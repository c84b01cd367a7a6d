import { resumeStream, type SiemStreamDeps } from '../siem-streams/index.js';
import type { OpsActions } from './ops-actions.js';

// The console's SIEM stream buttons: each a domain call, audited under the stream's tenant with
// the operator as actor (src/siem-streams/stream-state.ts writes the siem_stream.resumed record).

export function streamActions(deps: SiemStreamDeps): OpsActions {
  return {
    'stream-resume': async ({ tenantId, id, actor }) => {
      const stream = await resumeStream(deps, { tenantId, stream: id, actor });
      return `SIEM stream ${stream.name} resumed`;
    },
  };
}
