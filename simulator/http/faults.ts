/** Injected failures: matched against the path after `/stores/{hash}`, before any normal handling. */
export interface SimFault {
  pathPattern: string | RegExp;
  status?: number;
  times?: number;
  kind?: 'status' | 'timeout' | 'html' | 'reset';
  retryAfterMs?: number;
}

interface ActiveFault {
  fault: SimFault;
  remaining: number;
}

export class FaultList {
  private faults: ActiveFault[] = [];

  add(fault: SimFault): void {
    this.faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first live fault matching `path` (a string pattern matches as a substring); spends one use. */
  take(path: string): SimFault | undefined {
    for (const active of this.faults) {
      if (active.remaining <= 0) continue;
      const { pathPattern } = active.fault;
      if (pathPattern instanceof RegExp) pathPattern.lastIndex = 0; // a /g pattern must not remember past matches
      const hit = typeof pathPattern === 'string' ? path.includes(pathPattern) : pathPattern.test(path);
      if (hit) {
        active.remaining -= 1;
        return active.fault;
      }
    }
    return undefined;
  }
}
