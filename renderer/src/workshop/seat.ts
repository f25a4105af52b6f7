// A participant's seat in a room, kept in this browser (localStorage) so that a phone that sleeps, a reload or a
// dropped Wi-Fi resumes as the same participant with the same party. The token is the participant's only
// credential; it opens nothing but this seat (the server checks it and knows no lab call).
export interface Seat {
  token: string;
  code: string;
  name: string;
}

export interface SeatStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'sightline-workshop-seat';

export function loadSeat(storage: SeatStorage): Seat | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Seat> | null;
    if (value && typeof value.token === 'string' && typeof value.code === 'string')
      return { token: value.token, code: value.code, name: typeof value.name === 'string' ? value.name : '' };
  } catch {
    // a damaged entry is the same as none
  }
  return null;
}

export function saveSeat(storage: SeatStorage, seat: Seat): void {
  storage.setItem(KEY, JSON.stringify(seat));
}

export function forgetSeat(storage: SeatStorage): void {
  storage.removeItem(KEY);
}

/** `#code=ABC234` in the join URL (from the QR code) → the code, else ''. */
export function codeFromHash(hash: string): string {
  const m = /(?:^#|&)code=([A-Za-z0-9-]{1,12})/.exec(hash);
  return m ? m[1]!.toUpperCase() : '';
}

/** `#host=<token>` in the presenter URL → the token, else null. */
export function hostTokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)host=([A-Za-z0-9_-]{16,200})/.exec(hash);
  return m ? m[1]! : null;
}
