import { type RefObject, useEffect, useRef } from "react";

/**
 * Focus for a question asked in the page ("Revoke this key?"). When it opens, the question
 * takes the focus: a keyboard or screen-reader user is then where the choice is, not on
 * the button that asked, which may be far down a table or gone from the page. When it
 * closes, the focus goes back to `returnTo` if given (a button that is rendered anew), or
 * else to what had it before, if that is still on the page and the focus is nowhere else.
 */
export function useConfirmFocus<T extends HTMLElement>(
  open: boolean,
  returnTo?: RefObject<HTMLElement | null>,
): RefObject<T | null> {
  const question = useRef<T>(null);
  const before = useRef<Element | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      before.current = document.activeElement;
      question.current?.focus();
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const back = returnTo?.current ?? before.current;
    before.current = null;
    const focusIsLost = !document.activeElement || document.activeElement === document.body;
    if (focusIsLost && back instanceof HTMLElement && back !== document.body && back.isConnected) {
      back.focus();
    }
  }, [open, returnTo]);
  return question;
}
