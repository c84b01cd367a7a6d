// A loopback TCP listener that reads RFC 6587 octet-counted frames, for the syslog shipper's
// connection behaviour (reuse, reconnect after the receiver drops it). Content parsing is tested
// against the real rsyslogd; this only has to count connections and split frames by byte length.
import { createServer, type Socket, type AddressInfo } from 'node:net';

export interface TcpSink {
  port: number;
  frames: string[];
  connections: number;
  /** Closes every open connection from the receiver's side and resolves once they are gone. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

function frameReader(onFrame: (frame: string) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const space = buffered.indexOf(0x20);
      if (space < 0) return;
      const length = Number(buffered.subarray(0, space).toString('ascii'));
      if (buffered.length < space + 1 + length) return;
      onFrame(buffered.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffered = buffered.subarray(space + 1 + length);
    }
  };
}

export async function startTcpSink(): Promise<TcpSink> {
  const sockets = new Set<Socket>();
  const state = { frames: [] as string[], connections: 0 };
  const server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on(
      'data',
      frameReader((f) => state.frames.push(f)),
    );
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropConnections = () =>
    Promise.all(
      [...sockets].map(
        (s) =>
          new Promise<void>((resolve) => {
            s.once('close', () => resolve());
            s.end();
          }),
      ),
    ).then(() => undefined);
  return Object.assign(state, {
    port: (server.address() as AddressInfo).port,
    dropConnections,
    close: async () => {
      await dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
