import { statSync } from 'node:fs';

/** Whether a character device's number is the null device's (where benchmarks and cron jobs send output). */
export function isNullDevice(device: number): boolean {
  try {
    return statSync('/dev/null').rdev === device;
  } catch {
    return false;
  }
}
