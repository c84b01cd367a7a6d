// The rsyslogd config of the test receiver (rsyslog 8.2302 RainerScript). Inputs bind to the
// `siem` ruleset; rsyslogd's own messages go to its stderr (foreground mode), which the helper keeps.
import { join } from 'node:path';

const JSON_TEMPLATE = `template(name="siemjson" type="list" option.jsonf="on") {
  property(outname="inputname" name="inputname" format="jsonf")
  property(outname="pri" name="pri" format="jsonf")
  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="received" name="timegenerated" dateFormat="rfc3339" format="jsonf")
  property(outname="hostname" name="hostname" format="jsonf")
  property(outname="app-name" name="app-name" format="jsonf")
  property(outname="procid" name="procid" format="jsonf")
  property(outname="msgid" name="msgid" format="jsonf")
  property(outname="structured-data" name="structured-data" format="jsonf")
  property(outname="sd" name="$!rfc5424-sd" format="jsonf")
  property(outname="msg" name="msg" format="jsonf")
}`;

export function rsyslogConfig(dir: string, ports: { tcp: number; tls: number; mtls: number }): string {
  const q = (p: string) => JSON.stringify(p);
  return `
global(workDirectory=${q(join(dir, 'work'))} maxMessageSize="64k"
  defaultNetstreamDriverCAFile=${q(join(dir, 'ca.pem'))}
  defaultNetstreamDriverCertFile=${q(join(dir, 'server.pem'))}
  defaultNetstreamDriverKeyFile=${q(join(dir, 'server.key'))})
module(load="imtcp" maxSessions="100")
module(load="mmpstrucdata")
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="siem" name="tcp-plain")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="siem" name="tcp-tls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imtcp" address="127.0.0.1" port="${ports.mtls}" ruleset="siem" name="tcp-mtls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")
${JSON_TEMPLATE}
ruleset(name="siem") {
  action(type="mmpstrucdata")
  action(type="omfile" file=${q(join(dir, 'out', 'siem.jsonl'))} template="siemjson")
}
`;
}
