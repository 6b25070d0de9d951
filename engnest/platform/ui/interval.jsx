// A timer for a page: calls onTick once when mounted, then every `interval` ms while mounted (as react-moment's
// onChange did, which pages used only as a timer: it brought react-moment and moment.js, ~20 KiB compressed).
import { useEffect, useRef } from "react";

export function Interval({ interval = 60000, onTick }) {
  const tick = useRef(onTick);
  tick.current = onTick;
  useEffect(() => {
    tick.current?.();
  }, []);
  useEffect(() => {
    if (!interval) return undefined;
    const id = setInterval(() => tick.current?.(), interval);
    return () => clearInterval(id);
  }, [interval]);
  return null;
}
