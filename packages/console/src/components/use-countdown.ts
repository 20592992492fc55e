/** Seconds left until a moment, ticking once a second; 0 when there is no wait (or it is over). */
import { useEffect, useState } from 'react';

export function useCountdown(until: number | undefined): number {
  const left = () => (until === undefined ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [remaining, setRemaining] = useState(left);
  useEffect(() => {
    setRemaining(left());
    if (until === undefined) return;
    const timer = setInterval(() => {
      const now = left();
      setRemaining(now);
      if (now === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
    // `left` reads only `until`.
  }, [until]);
  return remaining;
}
