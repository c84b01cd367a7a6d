import { setFlagsFromString } from 'node:v8';

// The peak RSS of a process that runs the workers. V8 derives its heap limit from the machine's
// memory (about 4 GB on a 24 GB host), and with a limit that large it lets the old space grow to
// up to 4× the heap that survived the last full GC before it collects again (its heap growing
// factor). The sync engine allocates fast and briefly, so garbage piled up: bench/sync.ts peaked
// at ~660 MiB RSS with ~450 MB of heap in use, most of it dead. --heap-growing-percent fixes the
// factor at 1 + p/100. V8 reads it each time it recomputes its limits after a GC, so setting it
// here, after start-up, works (node documents that a flag set late may also do nothing, hence
// bench/sync.ts prints the peak and the heap at the peak: 370–390 MiB with 100%).

export function boundHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
